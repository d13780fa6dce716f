package io.ferperturb.commons;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.ferperturb.domain.InvalidModelRefException;
import io.ferperturb.domain.data.ImageTooLargeException;
import io.ferperturb.domain.data.InvalidImageException;
import io.ferperturb.domain.event.InvalidEventException;
import io.ferperturb.domain.event.LimitExceededException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors mapped once for every service: each {@link ApiException} with its own status and code, the shared
 * libraries' input errors, a body that is not JSON or not of the expected shape (400 naming the field), framework
 * errors with their status (404, 405, 413, 415…), and anything unexpected as a 500 without a stack trace.
 * Refusals are logged at debug, 503 at warn, 500 at error.
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
    public Response limitExceeded(LimitExceededException e) {
        return respond(400, "limit-exceeded", e.getMessage(), e);
    }

    /**
     * A request body Jackson refused, wherever it surfaces: not JSON at all (a syntax error, a number too large for
     * its field), JSON of the wrong shape (a string where a number belongs), or a value a request type refuses.
     */
    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e) {
        if (e instanceof InvalidDefinitionException) {
            return unexpected(new IllegalStateException("a type cannot be read or written as JSON", e));
        }
        return respond(400, "invalid-json", jsonProblem(e), e);
    }

    /** As {@link #invalidJson}; mapped on its own so that it takes the place of the framework's built-in mapper. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return invalidJson(e);
    }

    /** What is wrong with a body, in a sentence: the innermost syntax error, else the shape and where. */
    static String jsonProblem(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException unreadable) {
                return "the body is not valid JSON: " + unreadable.getOriginalMessage();
            }
        }
        String where = e instanceof JsonMappingException mapping ? at(mapping) : "";
        if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
            return "the body has a value that cannot be used" + where + ": " + e.getCause().getMessage();
        }
        return "the body does not have the expected shape" + where + ": " + e.getOriginalMessage();
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
        // the JSON reader wraps what Jackson refused in a bare 400: answer it as the JSON error it is
        if (e.getCause() instanceof JsonProcessingException refused) {
            return invalidJson(refused);
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

    /** " at sweep[0]": where in the body Jackson stopped, or nothing when it stopped at the top. */
    private static String at(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " at " + path;
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
