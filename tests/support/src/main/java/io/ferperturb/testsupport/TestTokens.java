package io.ferperturb.testsupport;

import io.smallrye.jwt.build.Jwt;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Bearer tokens for tests, signed with an RSA key pair made once per test JVM: the services under test trust its
 * public key ({@link AuthOnProfile}). The pair lives in system properties because a {@code @QuarkusTest} loads this
 * class in more than one class loader (the profile's, the test's), which must all sign with the same key; their
 * names stay outside the services' configuration roots ({@code fer.*}), which reject unknown keys.
 */
public final class TestTokens {
    public static final String ISSUER = "https://issuer.test/fer-perturb";
    private static final String PRIVATE = "testsupport.tokens.private-key";
    private static final String PUBLIC = "testsupport.tokens.public-key";

    private TestTokens() {
    }

    /** A token of {@link #ISSUER} whose {@code groups} claim holds these groups (none: an authenticated nobody). */
    public static String withGroups(String... groups) {
        return sign(groups, privateKey(PRIVATE));
    }

    /** A well-formed token with these groups, signed by a key the services do not trust. */
    public static String signedByAnotherKey(String... groups) {
        return sign(groups, generate().getPrivate());
    }

    /** The public key as PEM, for {@code mp.jwt.verify.publickey}. */
    public static String publicKeyPem() {
        keys();
        return "-----BEGIN PUBLIC KEY-----\n" + System.getProperty(PUBLIC) + "\n-----END PUBLIC KEY-----";
    }

    private static String sign(String[] groups, PrivateKey key) {
        return Jwt.issuer(ISSUER).upn("test-user").groups(Set.of(groups)).expiresIn(Duration.ofMinutes(30)).sign(key);
    }

    private static PrivateKey privateKey(String property) {
        keys();
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(property))));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes the JVM's pair on first use; every class loader then reads the same one. */
    private static void keys() {
        synchronized (System.getProperties()) {
            if (System.getProperty(PRIVATE) == null) {
                KeyPair pair = generate();
                System.setProperty(PUBLIC, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
                System.setProperty(PRIVATE, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            }
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
