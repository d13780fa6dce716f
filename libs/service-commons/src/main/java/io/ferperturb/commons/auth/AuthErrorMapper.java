package io.ferperturb.commons.auth;

import io.ferperturb.commons.CommonErrorMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refusals of the role checks as the contract's JSON error: 401 ({@code unauthorized}: no token;
 * {@code invalid-token}: a token that does not verify) with the RFC 6750 challenge, and 403 ({@code forbidden})
 * naming the role the request needs.
 */
public class AuthErrorMapper {
    static final String CHALLENGE = "Bearer";

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return challenge(CommonErrorMapper.respond(401, "unauthorized",
                "this request needs a bearer token: send 'Authorization: Bearer <token>' with a token from the "
                        + "issuer this service trusts", e), CHALLENGE);
    }

    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return challenge(CommonErrorMapper.respond(401, "invalid-token",
                "the bearer token was refused: it is expired, malformed, or not signed by the issuer or key this "
                        + "service trusts", e), CHALLENGE + " error=\"invalid_token\"");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource, UriInfo uri) {
        String needed = RequiredRole.of(resource.getResourceMethod(), resource.getResourceClass(),
                uri.getQueryParameters()).map(role -> "it needs the '" + role + "' role").orElse("it needs another role");
        return CommonErrorMapper.respond(403, "forbidden", "your token's groups do not allow this request: " + needed
                + " (viewer < editor < admin)", e);
    }

    private static Response challenge(Response response, String value) {
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, value).build();
    }
}
