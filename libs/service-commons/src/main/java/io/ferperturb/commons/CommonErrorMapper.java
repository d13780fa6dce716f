package io.ferperturb.commons;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.ferperturb.domain.InvalidModelRefException;
import io.ferperturb.domain.data.ImageDecoderBusyException;
import io.ferperturb.domain.data.ImageTooLargeException;
import io.ferperturb.domain.data.InvalidImageException;
import io.ferperturb.domain.data.UnsupportedImageFormatException;
import io.ferperturb.domain.event.InvalidEventException;
import io.ferperturb.domain.event.LimitExceededException;
import io.ferperturb.models.saliency.GradientLockTimeoutException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors mapped once for every service: each {@link ApiException} with its own status and code, the shared
 * libraries' input errors, framework errors with their status (404, 405, 413, 415…), a body Jackson cannot read
 * as a 400 with a sentence saying where and why, and anything unexpected as a 500 without a stack trace. A 503 the
 * client may retry carries {@code Retry-After}. Refusals are logged at debug, 503 at warn, 500 at error.
 */
public class CommonErrorMapper {
    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.code(), e.getMessage(), e, e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e) {
        return respond(400, "invalid-event", e.getMessage(), e);
    }

    @ServerExceptionMapper
    public Response limitExceeded(LimitExceededException e) {
        return respond(400, "limit-exceeded", e.getMessage(), e);
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
    public Response unsupportedImage(UnsupportedImageFormatException e) {
        return respond(415, "unsupported-image-format", e.getMessage(), e);
    }

    @ServerExceptionMapper
    public Response decoderBusy(ImageDecoderBusyException e) {
        return respond(503, "busy", e.getMessage(), e, e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response gradientsBusy(GradientLockTimeoutException e) {
        return respond(503, "busy", e.getMessage(), e, e.retryAfterSeconds());
    }

    /**
     * A body that is not JSON, or not the JSON the endpoint reads; a request type whose constructor refused a value
     * with an {@link ApiException} answers with that; a type Jackson cannot build is the server's bug.
     */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e.getCause() instanceof ApiException refused) {
            return api(refused);
        }
        if (e instanceof InvalidDefinitionException) {
            return unexpected(new IllegalStateException("a JSON type cannot be read", e));
        }
        return respond(400, "invalid-json", JsonInputErrors.describe(e), e);
    }

    /** Jackson's most common refusal, mapped here too so that it wins over the framework's own mapper. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
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
        return respond(status, code, message, cause, 0);
    }

    /** {@link #respond}, with {@code Retry-After} when {@code retryAfterSeconds} is positive. */
    public static Response respond(int status, String code, String message, Throwable cause, int retryAfterSeconds) {
        if (status >= 500 && status != 503) {
            Log.error("request failed", cause);
        } else if (status == 503) {
            Log.warn(message);
        } else {
            Log.debugf("request refused (%d %s): %s", status, code, message);
        }
        return ApiError.response(status, code, message, retryAfterSeconds);
    }
}
