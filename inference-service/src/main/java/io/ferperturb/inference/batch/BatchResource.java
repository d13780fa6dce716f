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
    private final BatchService batches;

    BatchResource(BatchService batches) {
        this.batches = batches;
    }

    @POST
    @RolesAllowed(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a batch over every image below an s3:// prefix of the datasets bucket")
    @APIResponse(responseCode = "202", description = "Started: the batch, with its id; Location is its progress")
    @APIResponse(responseCode = "400", description = "No source, a source outside the datasets bucket or with no "
            + "object below it, a bad format, faces, detector or model reference")
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = "More images than fer.inference.batches.max-items")
    @APIResponse(responseCode = "503", description = "No model is loaded yet, or this replica runs as many batches as "
            + "it may (Retry-After)")
    public Response start(BatchRequest request) {
        BatchStatus status = batches.submit(request);
        return Response.accepted(status).location(URI.create("/batches/" + status.batchId())).build();
    }

    @POST
    @RolesAllowed(Roles.EDITOR)
    @Consumes({"application/zip", "application/x-zip-compressed"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a batch over the images of a zip sent as the body; they are kept in the batch's "
            + "inputs/ folder and answered as a batch over that prefix")
    @APIResponse(responseCode = "202", description = "Started: the batch, with its id; Location is its progress. "
            + "A file of the zip with an unsafe name (absolute, '..'), a second of the same name, or one that inflates past "
            + "fer.inference.batches.max-image-bytes is not stored and gets an error line")
    @APIResponse(responseCode = "400", description = "Not a readable zip, a zip with no file, a bad format, faces, "
            + "detector or model reference")
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = "A zip larger than fer.inference.batches.max-zip-bytes, or with "
            + "more files than fer.inference.batches.max-items")
    @APIResponse(responseCode = "503", description = "No model is loaded yet, or this replica runs as many batches as "
            + "it may (Retry-After)")
    public Response startFromZip(InputStream body,
            @Parameter(description = "as model of the JSON body; by default the served alias") @QueryParam("model")
            String model,
            @Parameter(description = "test-time augmentation, as POST /predict") @QueryParam("tta") Boolean tta,
            @Parameter(description = "auto (detect faces) or none (each image is one face)") @QueryParam("faces")
            String faces,
            @Parameter(description = "blazeface or haar; by default the server's (fer.inference.faces.detector)")
            @QueryParam("detector") String detector,
            @Parameter(description = "jsonl or csv: what the results answer by default") @QueryParam("format")
            String format) {
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
