package io.ferperturb.commons;

import io.ferperturb.domain.InvalidModelRefException;
import io.ferperturb.domain.data.ImageTooLargeException;
import io.ferperturb.domain.data.InvalidImageException;
import io.ferperturb.domain.event.InvalidEventException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors mapped once for every service: each {@link ApiException} with its own status and code, the shared
 * libraries' input errors, framework errors with their status (404, 405, 413, 415…), and anything unexpected as a
 * 500 without a stack trace. Refusals are logged at debug, 503 at warn, 500 at error.
 */
public class CommonErrorMapper {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.code(), e.getMessage(), e);
    }

    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e) {
        return respond(400, "invalid-event", e.getMessage(), e);
    }

    @ServerExceptionMapper
    public Response invalidModelRef(InvalidModelRefException e) {
        return respond(400, "invalid-request", e.getMessage(), e);
    }

    @ServerExceptionMapper
    public Response invalidImage(InvalidImageException e) {
        return respond(400, "invalid-image", e.getMessage(), e);
    }

    @ServerExceptionMapper
    public Response imageTooLarge(ImageTooLargeException e) {
        return respond(413, "image-too-large", e.getMessage(), e);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 413 -> "the request body is larger than this server accepts";
            case 415 -> "unsupported media type: " + e.getMessage();
            default -> e.getMessage();
        };
        Response.Status known = Response.Status.fromStatusCode(status);
        return respond(status, known == null ? "error" : known.name().toLowerCase().replace('_', '-'), message, e);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        return respond(500, "internal", "the server failed to answer; its log has the details", e);
    }

    /** The contract's JSON error, logged by how much an operator should care. */
    public static Response respond(int status, String code, String message, Throwable cause) {
        if (status >= 500 && status != 503) {
            Log.error("request failed", cause);
        } else if (status == 503) {
            Log.warn(message);
        } else {
            Log.debugf("request refused (%d %s): %s", status, code, message);
        }
        return ApiError.response(status, code, message);
    }
}
