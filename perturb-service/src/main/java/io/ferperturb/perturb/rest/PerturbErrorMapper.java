package io.ferperturb.perturb.rest;

import io.ferperturb.commons.ApiError;
import io.ferperturb.domain.data.DatasetFormatException;
import io.ferperturb.perturb.experiment.InvalidExperimentException;
import io.ferperturb.perturb.experiment.UnknownExperimentException;
import io.ferperturb.perturb.service.ArtifactNotFoundException;
import io.ferperturb.perturb.service.DatasetExistsException;
import io.ferperturb.perturb.service.UnknownDatasetException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The perturb-service's own errors as the contract's JSON. */
public class PerturbErrorMapper {

    @ServerExceptionMapper
    public Response badDataset(DatasetFormatException e) {
        Log.debugf("upload refused: %s", e.getMessage());
        return ApiError.response(400, "invalid-dataset", e.getMessage());
    }

    @ServerExceptionMapper
    public Response exists(DatasetExistsException e) {
        return ApiError.response(409, "dataset-exists", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknown(UnknownDatasetException e) {
        return ApiError.response(404, "unknown-dataset", e.getMessage());
    }

    @ServerExceptionMapper
    public Response noArtifact(ArtifactNotFoundException e) {
        return ApiError.response(404, "not-computed", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownExperiment(UnknownExperimentException e) {
        return ApiError.response(404, "unknown-experiment", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidExperiment(InvalidExperimentException e) {
        Log.debugf("experiment refused: %s", e.getMessage());
        return ApiError.response(400, "invalid-experiment", e.getMessage());
    }
}
