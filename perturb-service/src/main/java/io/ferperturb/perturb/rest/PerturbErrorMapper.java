package io.ferperturb.perturb.rest;

import io.ferperturb.commons.CommonErrorMapper;
import io.ferperturb.domain.data.DatasetFormatException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An upload the dataset readers refuse is the user's to fix (400); the service's own exceptions carry their
 * status themselves (see {@link io.ferperturb.commons.ApiException}).
 */
public class PerturbErrorMapper {

    @ServerExceptionMapper
    public Response badDataset(DatasetFormatException e) {
        return CommonErrorMapper.respond(400, "invalid-dataset", e.getMessage(), e);
    }
}
