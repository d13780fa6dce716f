package io.ferperturb.commons.auth;

import io.quarkus.vertx.http.security.AuthorizationPolicy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * The role a resource method asks for, read from the same annotations Quarkus enforces (the method's, else its
 * class's), so that a refusal can name it.
 */
final class RequiredRole {

    private RequiredRole() {
    }

    static Optional<String> of(Method method, Class<?> resource, MultivaluedMap<String, String> query) {
        if (method == null) {
            return Optional.empty();
        }
        return declared(method, query).or(() -> resource == null ? Optional.empty() : declared(resource, query));
    }

    private static Optional<String> declared(AnnotatedElement element, MultivaluedMap<String, String> query) {
        RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
        if (roles != null && roles.value().length > 0) {
            return Optional.of(roles.value()[0]);
        }
        AuthorizationPolicy policy = element.getAnnotation(AuthorizationPolicy.class);
        if (policy != null && EditorOrAdminToReplace.NAME.equals(policy.name())) {
            List<String> replace = query == null ? null : query.get(EditorOrAdminToReplace.REPLACE);
            return Optional.of(EditorOrAdminToReplace.requiredRole(replace));
        }
        return Optional.empty();
    }
}
