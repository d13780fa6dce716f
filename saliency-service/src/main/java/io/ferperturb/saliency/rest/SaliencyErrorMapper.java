package io.ferperturb.saliency.rest;

import io.ferperturb.commons.ApiError;
import io.ferperturb.domain.data.DatasetFormatException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A stored dataset the readers cannot use is no fault of the request (422, logged at warn: an operator should
 * look); the service's other errors carry their status themselves (see {@link io.ferperturb.commons.ApiException}).
 */
public class SaliencyErrorMapper {

    @ServerExceptionMapper
    public Response unusableDataset(DatasetFormatException e) {
        Log.warnf("dataset unusable: %s", e.getMessage());
        return ApiError.response(422, "unusable-dataset", e.getMessage());
    }
}
