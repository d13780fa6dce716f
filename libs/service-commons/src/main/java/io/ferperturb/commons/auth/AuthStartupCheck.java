package io.ferperturb.commons.auth;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Says at start-up whether requests need a token, and refuses to start with authentication on but nothing to verify
 * tokens with: such a service would answer 401 to everyone, which is harder to diagnose than a failed start.
 */
@ApplicationScoped
class AuthStartupCheck {
    static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String KEY = "mp.jwt.verify.publickey";
    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String GROUPS = "smallrye.jwt.path.groups";

    void onStart(@Observes StartupEvent event, AuthConfig auth) {
        Config config = ConfigProvider.getConfig();
        if (!auth.enabled()) {
            Log.info("authentication is off (fer.auth.enabled=false): every request is allowed; keep this service"
                    + " on loopback or a trusted network");
            return;
        }
        Optional<String> location = config.getOptionalValue(KEY_LOCATION, String.class);
        if (location.isEmpty() && config.getOptionalValue(KEY, String.class).isEmpty()) {
            throw new IllegalStateException("fer.auth.enabled=true but no key to verify tokens with: set " + KEY_LOCATION
                    + " (a PEM or JWK file, or the OIDC issuer's JWKS URL) and " + ISSUER
                    + ", or fer.auth.enabled=false on a trusted network");
        }
        Log.infof("authentication is on: bearer tokens verified with %s, issuer %s, roles (viewer, editor, admin) from"
                + " the '%s' claim", location.orElse("the inline public key"),
                config.getOptionalValue(ISSUER, String.class).orElse("not checked"),
                config.getOptionalValue(GROUPS, String.class).orElse("groups"));
    }
}
