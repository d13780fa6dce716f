package io.ferperturb.perturb.rest;

import io.ferperturb.core.event.Augmentation;
import io.ferperturb.core.event.TrainingSpec;
import io.ferperturb.perturb.DatasetDescriptor;
import io.ferperturb.perturb.service.DatasetService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Datasets: upload a FER2013 CSV, list and describe stored datasets. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DatasetResource {
    private final DatasetService datasets;

    DatasetResource(DatasetService datasets) {
        this.datasets = datasets;
    }

    /**
     * The body streams through validation and sharding; a bad row anywhere gets 400 with line numbers
     * and nothing is stored. Training is asked for unless {@code train=false}.
     */
    @POST
    @Path("/{datasetId}")
    @Consumes({"text/csv", "application/gzip", "application/x-gzip", MediaType.APPLICATION_OCTET_STREAM,
            MediaType.TEXT_PLAIN})
    @Operation(summary = "Upload a FER2013 CSV (plain or gzip) as a new dataset and trigger training")
    public Response upload(@PathParam("datasetId") String datasetId, InputStream body,
            @QueryParam("train") @DefaultValue("true") boolean train,
            @QueryParam("replace") @DefaultValue("false") boolean replace,
            @QueryParam("architectures") String architectures,
            @QueryParam("epochs") Integer epochs,
            @QueryParam("batchSize") Integer batchSize,
            @QueryParam("learningRate") Double learningRate,
            @QueryParam("seed") Long seed,
            @QueryParam("augment") Boolean augment) {
        List<TrainingSpec> training = null;
        if (train) {
            training = new ArrayList<>();
            boolean anyKnob = epochs != null || batchSize != null || learningRate != null || seed != null || augment != null;
            Augmentation augmentation = augment == null ? null
                    : new Augmentation(augment, null, null, null, null, null, null, null);
            if (architectures != null && !architectures.isBlank()) {
                for (String a : architectures.split(",")) {
                    training.add(new TrainingSpec(a.trim(), epochs, batchSize, learningRate, seed, null, null, null, null,
                            null, null, augmentation));
                }
            } else if (anyKnob) {
                training.add(new TrainingSpec(null, epochs, batchSize, learningRate, seed, null, null, null, null, null,
                        null, augmentation));
            }
        }
        DatasetDescriptor stored = datasets.ingestCsv(datasetId, body, replace, training);
        return Response.accepted(stored).build();
    }

    @GET
    public List<DatasetDescriptor> list() {
        return datasets.list();
    }

    @GET
    @Path("/{datasetId}")
    public DatasetDescriptor get(@PathParam("datasetId") String datasetId) {
        return datasets.get(datasetId);
    }
}
