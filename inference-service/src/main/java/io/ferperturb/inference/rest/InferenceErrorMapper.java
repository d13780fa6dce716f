package io.ferperturb.inference.rest;

import io.ferperturb.commons.ApiError;
import io.ferperturb.inference.predict.BatcherFullException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The inference-service's own errors as the contract's JSON. */
public class InferenceErrorMapper {

    @ServerExceptionMapper
    public Response overloaded(BatcherFullException e) {
        Log.warn(e.getMessage());
        return ApiError.response(503, "overloaded", e.getMessage());
    }
}
