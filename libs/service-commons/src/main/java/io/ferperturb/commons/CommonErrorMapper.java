package io.ferperturb.commons;

import io.ferperturb.domain.event.InvalidEventException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors every service can raise, mapped once: framework errors keep their status (404, 405, 413, 415…)
 * with a JSON body; anything unexpected is a 500 without a stack trace. Services add a mapper class
 * of their own for their own exception types.
 */
public class CommonErrorMapper {

    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e) {
        Log.debugf("rejected: %s", e.getMessage());
        return ApiError.response(400, "invalid-event", e.getMessage());
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 413 -> "the request body is larger than this server accepts";
            case 415 -> "unsupported media type: " + e.getMessage();
            default -> e.getMessage();
        };
        if (status >= 500) {
            Log.error("request failed", e);
        } else {
            Log.debugf("request rejected (%d): %s", status, e.getMessage());
        }
        return ApiError.response(status, Response.Status.fromStatusCode(status) == null ? "error"
                : Response.Status.fromStatusCode(status).name().toLowerCase().replace('_', '-'), message);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("unexpected error", e);
        return ApiError.response(500, "internal", "the server failed to answer; its log has the details");
    }
}
