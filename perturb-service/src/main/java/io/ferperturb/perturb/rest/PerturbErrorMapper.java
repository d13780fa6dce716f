package io.ferperturb.perturb.rest;

import io.ferperturb.commons.CommonErrorMapper;
import io.ferperturb.domain.data.DatasetFormatException;
import io.ferperturb.domain.data.DatasetTooLargeException;
import io.ferperturb.perturb.config.LimitsProducer;
import io.ferperturb.perturb.service.UploadTooLargeException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An upload the dataset readers refuse is the user's to fix (400), one that breaks an upload cap is too large
 * (413, naming the setting); the service's own exceptions carry their status themselves (see
 * {@link io.ferperturb.commons.ApiException}).
 */
public class PerturbErrorMapper {

    @ServerExceptionMapper
    public Response badDataset(DatasetFormatException e) {
        return CommonErrorMapper.respond(400, "invalid-dataset", e.getMessage(), e);
    }

    @ServerExceptionMapper
    public Response datasetTooLarge(DatasetTooLargeException e) {
        return CommonErrorMapper.respond(413, UploadTooLargeException.CODE, e.getMessage() + " (setting "
                + LimitsProducer.UPLOAD_KEYS + "." + e.limit().property() + ")", e);
    }
}
