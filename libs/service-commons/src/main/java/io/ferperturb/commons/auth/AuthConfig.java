package io.ferperturb.commons.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code fer.auth.*} (env {@code FER_AUTH_…}): whether requests need a bearer token with a role. Off by default, so
 * that {@code ./run.sh} (which binds every service to 127.0.0.1) and the tests stay one command; the Helm chart turns
 * it on. Where tokens are verified is SmallRye JWT's own configuration ({@code mp.jwt.verify.publickey.location}:
 * a PEM or JWK file, or an OIDC issuer's JWKS URL; {@code mp.jwt.verify.issuer}).
 */
@ConfigMapping(prefix = "fer.auth")
public interface AuthConfig {

    /** true: every endpoint but health, metrics and OpenAPI needs a token whose groups hold the endpoint's role. */
    @WithDefault("false")
    boolean enabled();
}
