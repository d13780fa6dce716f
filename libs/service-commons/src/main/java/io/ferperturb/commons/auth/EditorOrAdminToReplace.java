package io.ferperturb.commons.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The role an upload needs: {@code editor} to add a dataset, {@code admin} when {@code replace=true} overwrites
 * one that exists. Bound to a resource method with {@code @AuthorizationPolicy(name = EditorOrAdminToReplace.NAME)}
 * in place of {@code @RolesAllowed}; like every check it is skipped while {@code fer.auth.enabled} is false.
 */
@ApplicationScoped
public class EditorOrAdminToReplace implements HttpSecurityPolicy {
    public static final String NAME = "editor-or-admin-to-replace";
    /** The query parameter that overwrites an existing dataset. */
    public static final String REPLACE = "replace";

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext context) {
        String needed = requiredRole(request.queryParam(REPLACE));
        return identity.map(caller -> caller.hasRole(needed) ? CheckResult.PERMIT : CheckResult.DENY);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code admin} when any {@code replace} value reads as true (as JAX-RS parses a boolean), else {@code editor}. */
    public static String requiredRole(List<String> replaceValues) {
        return replaceValues != null && replaceValues.stream().anyMatch(Boolean::parseBoolean) ? Roles.ADMIN : Roles.EDITOR;
    }
}
