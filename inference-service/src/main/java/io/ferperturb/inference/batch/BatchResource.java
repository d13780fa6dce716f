package io.ferperturb.inference.batch;

import io.ferperturb.commons.auth.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Batch jobs: every face of every image below an S3 prefix, answered by one pinned model, results as JSON Lines and
 * CSV in S3. Starting one writes to S3, so it takes an editor; reading progress and results a viewer.
 */
@Path("/batches")
@Blocking
public class BatchResource {
    private static final String START = "Start a batch over every image below an s3:// prefix of the datasets bucket "
            + "(a JSON body), or over the images of a zip (an application/zip body, options as query parameters), "
            + "which are kept in the batch's inputs/ folder and answered as a batch over that prefix";
    private static final String STARTED = "Started: the batch, with its id; Location is its progress. A file of a zip "
            + "with an unsafe name (absolute, '..'), a second of the same name, or one that inflates past "
            + "fer.inference.batches.max-image-bytes is not stored and gets an error line";
    private static final String BAD = "No source, a source outside the datasets bucket or with no object below it, a "
            + "body that is not a readable zip or a zip with no file, a bad format, faces, detector or model reference";
    private static final String TOO_LARGE = "More images than fer.inference.batches.max-items, or a zip larger than "
            + "fer.inference.batches.max-zip-bytes";
    private static final String BUSY = "No model is loaded yet, or this replica runs as many batches as it may "
            + "(Retry-After)";
    private final BatchService batches;

    BatchResource(BatchService batches) {
        this.batches = batches;
    }

    @POST
    @RolesAllowed(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = START)
    @APIResponse(responseCode = "202", description = STARTED)
    @APIResponse(responseCode = "400", description = BAD)
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = TOO_LARGE)
    @APIResponse(responseCode = "503", description = BUSY)
    public Response start(BatchRequest request) {
        BatchStatus status = batches.submit(request);
        return Response.accepted(status).location(URI.create("/batches/" + status.batchId())).build();
    }

    // OpenAPI documents the two ways to start a batch as one operation (one path and verb): the same texts for both
    @POST
    @RolesAllowed(Roles.EDITOR)
    @Consumes({"application/zip", "application/x-zip-compressed"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = START)
    @APIResponse(responseCode = "202", description = STARTED)
    @APIResponse(responseCode = "400", description = BAD)
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = TOO_LARGE)
    @APIResponse(responseCode = "503", description = BUSY)
    public Response startFromZip(InputStream body,
            @Parameter(description = "with a zip body: as model of the JSON body; by default the served alias")
            @QueryParam("model") String model,
            @Parameter(description = "with a zip body: test-time augmentation, as POST /predict")
            @QueryParam("tta") Boolean tta,
            @Parameter(description = "with a zip body: auto (detect faces) or none (each image is one face)")
            @QueryParam("faces") String faces,
            @Parameter(description = "with a zip body: blazeface or haar; by default the server's "
                    + "(fer.inference.faces.detector)") @QueryParam("detector") String detector,
            @Parameter(description = "with a zip body: jsonl or csv, what the results answer by default")
            @QueryParam("format") String format) {
        BatchStatus status = batches.submitZip(body, new BatchRequest(null, model, tta, faces, format, detector));
        return Response.accepted(status).location(URI.create("/batches/" + status.batchId())).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A batch's state, images done of total, rate and ETA; resumes a batch whose replica stopped")
    @APIResponse(responseCode = "200", description = "The batch and its progress")
    @APIResponse(responseCode = "404", description = "No batch with this id")
    public BatchProgress progress(@PathParam("id") String id) {
        return batches.progress(id);
    }

    @GET
    @Path("/{id}/results")
    @RolesAllowed(Roles.VIEWER)
    @Produces({"application/x-ndjson", "text/csv"})
    @Operation(summary = "A finished batch's results: a line per face, or per image with an error")
    @APIResponse(responseCode = "200", description = "JSON Lines or CSV")
    @APIResponse(responseCode = "400", description = "A format other than jsonl or csv")
    @APIResponse(responseCode = "404", description = "No batch with this id")
    @APIResponse(responseCode = "409", description = "The batch is still running, or failed")
    public Response results(@PathParam("id") String id,
            @Parameter(description = "jsonl or csv; by default the batch's format") @QueryParam("format") String format) {
        String chosen = format == null ? batches.find(id).format() : BatchService.format(format);
        return Response.ok(batches.results(id, chosen))
                .type(BatchStore.CSV.equals(chosen) ? "text/csv" : "application/x-ndjson").build();
    }
}
