package io.ferperturb.commons.auth;

import io.quarkus.security.spi.runtime.AuthorizationController;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;

/**
 * Quarkus' switch for every role check ({@code @RolesAllowed}, {@code @AuthorizationPolicy}), driven by
 * {@code fer.auth.enabled}. With it off no check asks for the caller's identity, and since authentication is lazy
 * ({@code quarkus.http.auth.proactive=false}) no token is even read: every request is allowed.
 */
@Alternative
@Priority(Interceptor.Priority.LIBRARY_AFTER)
@ApplicationScoped
public class AuthSwitch extends AuthorizationController {
    private final boolean enabled;

    AuthSwitch(AuthConfig config) {
        this.enabled = config.enabled();
    }

    @Override
    public boolean isAuthorizationEnabled() {
        return enabled;
    }
}
