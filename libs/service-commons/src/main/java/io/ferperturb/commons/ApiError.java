package io.ferperturb.commons;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The contract's error body: what is wrong in words a user can act on, and a short code. */
public record ApiError(String error, String code) {

    public static Response response(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(message, code)).build();
    }
}
