package io.ferperturb.commons;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The contract's error body: what is wrong in words a user can act on, and a short code. */
public record ApiError(String error, String code) {

    public static Response response(int status, String code, String message) {
        return response(status, code, message, 0);
    }

    /** The error with {@code Retry-After} when {@code retryAfterSeconds} is positive (a 503 worth retrying). */
    public static Response response(int status, String code, String message, int retryAfterSeconds) {
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(message, code));
        if (retryAfterSeconds > 0) {
            builder.header("Retry-After", retryAfterSeconds);
        }
        return builder.build();
    }
}
