package io.ferperturb.saliency.rest;

import io.ferperturb.commons.ApiError;
import io.ferperturb.domain.data.DatasetFormatException;
import io.ferperturb.saliency.UnknownDatasetException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The saliency-service's own errors as the contract's JSON; image and model errors are model-serving's. */
public class SaliencyErrorMapper {

    @ServerExceptionMapper
    public Response unknownDataset(UnknownDatasetException e) {
        return ApiError.response(404, "unknown-dataset", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unusableDataset(DatasetFormatException e) {
        Log.warnf("dataset unusable: %s", e.getMessage());
        return ApiError.response(422, "unusable-dataset", e.getMessage());
    }
}
