package io.ferperturb.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A {@code @QuarkusTest} profile with authentication on ({@code fer.auth.enabled=true}), trusting the test JVM's key
 * ({@link TestTokens}) and issuer, as the Helm chart configures a service with a public key.
 */
public class AuthOnProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("fer.auth.enabled", "true",
                "mp.jwt.verify.publickey", TestTokens.publicKeyPem(),
                "mp.jwt.verify.issuer", TestTokens.ISSUER);
    }
}
