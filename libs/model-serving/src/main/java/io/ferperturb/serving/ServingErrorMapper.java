package io.ferperturb.serving;

import io.ferperturb.commons.ApiError;
import io.ferperturb.domain.InvalidModelRefException;
import io.ferperturb.domain.data.ImageTooLargeException;
import io.ferperturb.domain.data.InvalidImageException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The errors of every service that answers with a model, as the contract's JSON. */
public class ServingErrorMapper {

    @ServerExceptionMapper
    public Response tooLarge(ImageTooLargeException e) {
        Log.debugf("image refused: %s", e.getMessage());
        return ApiError.response(413, "image-too-large", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidImage(InvalidImageException e) {
        Log.debugf("image refused: %s", e.getMessage());
        return ApiError.response(400, "invalid-image", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        Log.debugf("request refused: %s", e.getMessage());
        return ApiError.response(400, "invalid-request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidModelRef(InvalidModelRefException e) {
        Log.debugf("model reference refused: %s", e.getMessage());
        return ApiError.response(400, "invalid-request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownModel(UnknownModelException e) {
        return ApiError.response(404, "unknown-model", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notReady(ModelNotReadyException e) {
        Log.warn(e.getMessage());
        return ApiError.response(503, "no-model", e.getMessage());
    }
}
