package io.ferperturb.perturb.rest;

import io.ferperturb.commons.auth.EditorOrAdminToReplace;
import io.ferperturb.commons.auth.Roles;
import io.ferperturb.domain.event.Augmentation;
import io.ferperturb.domain.event.Hyperparameters;
import io.ferperturb.domain.event.TrainingSpec;
import io.ferperturb.perturb.DatasetDescriptor;
import io.ferperturb.perturb.service.ClusterAnalysis;
import io.ferperturb.perturb.service.DatasetService;
import io.ferperturb.perturb.service.DerivedDatasets;
import io.ferperturb.perturb.removal.Removals;
import io.ferperturb.storage.S3Uri;
import io.quarkus.vertx.http.security.AuthorizationPolicy;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Datasets: upload a FER2013 CSV or an image-folder zip, import from S3, list, describe and draw them. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DatasetResource {
    private static final String RUN_AN_EXPERIMENT = "run an experiment on it (POST /experiments), which computes the "
            + "attention, the clusters and the elbow";
    private final DatasetService datasets;
    private final Removals removals;

    DatasetResource(DatasetService datasets, Removals removals) {
        this.datasets = datasets;
        this.removals = removals;
    }

    /**
     * The body streams through validation and sharding; a bad row anywhere gets 400 with line numbers
     * and nothing is stored. Training is asked for unless {@code train=false}.
     */
    @POST
    @AuthorizationPolicy(name = EditorOrAdminToReplace.NAME)
    @Path("/{datasetId}")
    // not text/plain: a web page may post that cross-origin without asking, and an upload changes state
    @Consumes({"text/csv", "application/gzip", "application/x-gzip", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Upload a FER2013 CSV (plain or gzip) as a new dataset and trigger training")
    @APIResponse(responseCode = "202", description = "Stored and announced; the dataset's descriptor")
    @APIResponse(responseCode = "400", description = "The CSV is malformed: which lines and what is wrong with them; "
            + "nothing is stored")
    @APIResponse(responseCode = "409", description = "A dataset with this id exists (replace=true overwrites it)")
    @APIResponse(responseCode = "413", description = "The body is larger than the server accepts, or it expands past "
            + "an upload cap (fer.perturb.upload.*, named)")
    @APIResponse(responseCode = "415", description = "The body is not a CSV (plain or gzip)")
    public Response upload(@PathParam("datasetId") String datasetId, InputStream body, @BeanParam TrainingParams params) {
        return Response.accepted(datasets.ingestCsv(datasetId, body, params.replace, params.training())).build();
    }

    /** The image-folder layout ({@code train/<class>/*.png}, {@code test/<class>/*.png}) as a zip, streamed. */
    @POST
    @AuthorizationPolicy(name = EditorOrAdminToReplace.NAME)
    @Path("/{datasetId}")
    @Consumes({"application/zip", "application/x-zip-compressed"})
    @Operation(summary = "Upload an image-folder dataset as a zip archive and trigger training")
    @APIResponse(responseCode = "202", description = "Stored and announced; the dataset's descriptor")
    @APIResponse(responseCode = "400", description = "Not a valid image-folder zip: what is wrong with it; nothing is "
            + "stored")
    @APIResponse(responseCode = "409", description = "A dataset with this id exists (replace=true overwrites it)")
    @APIResponse(responseCode = "413", description = "The body is larger than the server accepts, or the archive "
            + "expands past an upload cap (fer.perturb.upload.*, named)")
    @APIResponse(responseCode = "415", description = "The body is not a zip archive")
    public Response uploadZip(@PathParam("datasetId") String datasetId, InputStream body, @BeanParam TrainingParams params) {
        return Response.accepted(datasets.ingestZip(datasetId, body, params.replace, params.training())).build();
    }

    /** Where an image-folder dataset already lies in S3. */
    public record ImportRequest(String uri) {
    }

    /** Imports the image-folder layout found under an S3 prefix. */
    @POST
    @AuthorizationPolicy(name = EditorOrAdminToReplace.NAME)
    @Path("/{datasetId}/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import an image-folder dataset from an S3 prefix ({\"uri\": \"s3://bucket/prefix/\"})")
    @APIResponse(responseCode = "202", description = "Imported and announced; the dataset's descriptor")
    @APIResponse(responseCode = "400", description = "The body is not {\"uri\": \"s3://…\"}, names no existing "
            + "bucket, or the prefix holds no valid image-folder dataset")
    @APIResponse(responseCode = "409", description = "A dataset with this id exists (replace=true overwrites it)")
    @APIResponse(responseCode = "413", description = "The prefix holds more than an upload cap allows "
            + "(fer.perturb.upload.*, named)")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response importPrefix(@PathParam("datasetId") String datasetId, ImportRequest request,
            @BeanParam TrainingParams params) {
        if (request == null || request.uri() == null || !request.uri().startsWith("s3://")) {
            throw new BadRequestException("the body must be {\"uri\": \"s3://bucket/prefix/\"}, the folder that holds "
                    + "train/<class>/ and test/<class>/");
        }
        S3Uri prefix;
        try {
            prefix = S3Uri.parse(request.uri());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("not an S3 URI: " + request.uri() + " (" + e.getMessage() + ")");
        }
        return Response.accepted(datasets.ingestPrefix(datasetId, prefix, params.replace, params.training())).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @APIResponse(responseCode = "200", description = "Every stored dataset")
    public List<DatasetDescriptor> list() {
        return datasets.list();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{datasetId}")
    @APIResponse(responseCode = "200", description = "The dataset: counts per split and class")
    @APIResponse(responseCode = "404", description = "No dataset with this id")
    public DatasetDescriptor get(@PathParam("datasetId") String datasetId) {
        return datasets.get(datasetId);
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/{datasetId}")
    @Operation(summary = "Remove a dataset nothing else uses (no derived dataset, experiment or trained model)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No dataset with this id")
    @APIResponse(responseCode = "409", description = "Still used: which datasets, experiments and models use it")
    public Response delete(@PathParam("datasetId") String datasetId) {
        removals.dataset(datasetId);
        return Response.noContent().build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{datasetId}/distribution.png")
    @Produces("image/png")
    @Operation(summary = "The class distribution per split as a bar chart")
    @APIResponse(responseCode = "200", description = "The bar chart as PNG")
    @APIResponse(responseCode = "404", description = "No dataset with this id")
    public byte[] distribution(@PathParam("datasetId") String datasetId) {
        return datasets.distributionPng(datasetId);
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{datasetId}/clusters.png")
    @Produces("image/png")
    @Operation(summary = "The cluster map next to an example face with each cluster removed")
    @APIResponse(responseCode = "200", description = "The figure as PNG")
    @APIResponse(responseCode = "404", description = "No dataset with this id, or no experiment has clustered it yet")
    public byte[] clustersPng(@PathParam("datasetId") String datasetId) {
        return datasets.artifact(datasetId, DerivedDatasets.CLUSTER_FIGURE, RUN_AN_EXPERIMENT);
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{datasetId}/clusters.json")
    @Operation(summary = "The cluster map: one label per pixel")
    @APIResponse(responseCode = "200", description = "The cluster map")
    @APIResponse(responseCode = "404", description = "No dataset with this id, or no experiment has clustered it yet")
    public byte[] clustersJson(@PathParam("datasetId") String datasetId) {
        return datasets.artifact(datasetId, DerivedDatasets.CLUSTER_MAP, RUN_AN_EXPERIMENT);
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{datasetId}/elbow")
    @Produces({MediaType.APPLICATION_JSON, "image/png"})
    @Operation(summary = "Inertia and silhouette of k-means for k = 1…8 (JSON, or PNG with format=png or Accept: image/png)")
    @APIResponse(responseCode = "200", description = "The elbow analysis as JSON or PNG")
    @APIResponse(responseCode = "404", description = "No dataset with this id, or no experiment has clustered it yet")
    public Response elbow(@PathParam("datasetId") String datasetId, @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) {
        boolean png = "png".equals(format) || format == null && accept != null && accept.startsWith("image/png");
        return png ? Response.ok(datasets.artifact(datasetId, ClusterAnalysis.ELBOW_PNG, RUN_AN_EXPERIMENT), "image/png").build()
                : Response.ok(datasets.artifact(datasetId, ClusterAnalysis.ELBOW_JSON, RUN_AN_EXPERIMENT),
                        MediaType.APPLICATION_JSON).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{datasetId}/elbow.png")
    @Produces("image/png")
    @APIResponse(responseCode = "200", description = "The elbow chart as PNG")
    @APIResponse(responseCode = "404", description = "No dataset with this id, or no experiment has clustered it yet")
    public byte[] elbowPng(@PathParam("datasetId") String datasetId) {
        return datasets.artifact(datasetId, ClusterAnalysis.ELBOW_PNG, RUN_AN_EXPERIMENT);
    }

    /** The training jobs asked for by an upload's query parameters. */
    public static class TrainingParams {
        @QueryParam("train")
        @DefaultValue("true")
        boolean train;
        @QueryParam("replace")
        @DefaultValue("false")
        boolean replace;
        @QueryParam("architectures")
        String architectures;
        @QueryParam("epochs")
        Integer epochs;
        @QueryParam("batchSize")
        Integer batchSize;
        @QueryParam("learningRate")
        Double learningRate;
        @QueryParam("seed")
        Long seed;
        @QueryParam("augment")
        Boolean augment;
        @QueryParam("classWeights")
        String classWeights;

        /** null for no training; empty for the trainer's defaults. */
        List<TrainingSpec> training() {
            if (!train) {
                return null;
            }
            if (classWeights != null && !Hyperparameters.UNWEIGHTED.equals(classWeights)
                    && !Hyperparameters.BALANCED.equals(classWeights)) {
                throw new InvalidTrainingParameterException("classWeights is '" + Hyperparameters.BALANCED
                        + "' (each class weighted by its inverse frequency) or '" + Hyperparameters.UNWEIGHTED + "', got '"
                        + classWeights + "'");
            }
            List<TrainingSpec> training = new ArrayList<>();
            boolean anyKnob = epochs != null || batchSize != null || learningRate != null || seed != null || augment != null
                    || classWeights != null;
            Augmentation augmentation = augment == null ? null
                    : new Augmentation(augment, null, null, null, null, null, null, null);
            if (architectures != null && !architectures.isBlank()) {
                for (String a : architectures.split(",")) {
                    training.add(entry(a.trim(), augmentation));
                }
            } else if (anyKnob) {
                training.add(entry(null, augmentation));
            }
            return training;
        }

        private TrainingSpec entry(String architecture, Augmentation augmentation) {
            return new TrainingSpec(Hyperparameters.basics(architecture, epochs, batchSize, learningRate, seed)
                    .withAugmentation(augmentation).withClassWeights(classWeights), null, null);
        }
    }
}
