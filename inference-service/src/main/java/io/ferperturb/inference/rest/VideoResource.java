package io.ferperturb.inference.rest;

import io.ferperturb.commons.auth.Roles;
import io.ferperturb.inference.video.VideoJob;
import io.ferperturb.inference.video.VideoJobs;
import io.ferperturb.serving.InvalidRequestException;
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
 * {@code /videos}: the emotions of the faces in a video, over time, as an asynchronous job: upload, poll the status,
 * read the timeline (JSON or CSV) and, when asked for, the annotated video.
 */
@Path("/videos")
public class VideoResource {
    static final String CSV = "text/csv";

    private final VideoJobs jobs;

    VideoResource(VideoJobs jobs) {
        this.jobs = jobs;
    }

    @POST
    @Blocking // the body streams to a temporary file, then FFmpeg reads its header
    @RolesAllowed(Roles.VIEWER)
    @Consumes({"video/mp4", "video/webm", "video/x-msvideo", "video/avi", "video/quicktime",
            MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Analyse the faces of an MP4, WebM or AVI video: a job that samples frames, finds and "
            + "follows faces, and classifies each face in every sampled frame")
    @APIResponse(responseCode = "202", description = "The job, queued; Location is its status (GET /videos/{id})")
    @APIResponse(responseCode = "400", description = "A bad parameter (fps, model, tta, detector)")
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = "The video is larger, longer, of larger frames, or would give "
            + "more sampled frames than the server accepts (the message names the setting)")
    @APIResponse(responseCode = "415", description = "The body is not a video FFmpeg reads as MP4, WebM or AVI")
    @APIResponse(responseCode = "503", description = "No model is loaded yet, or too many videos are waiting "
            + "(Retry-After)")
    public Response submit(InputStream body,
            @Parameter(description = "sampled frames per second of video (default fer.inference.videos.default-fps)")
            @QueryParam("fps") Double fps,
            @Parameter(description = "latest, best, production, staging, a model id, id:3 or id:v3, or "
                    + "ensemble:a,b,c; by default the alias this server serves (fer.serving.default-model)")
            @QueryParam("model") String model,
            @Parameter(description = "sum the logits of each face and its cluster-masked copies (perturbed models)")
            @QueryParam("tta") boolean tta,
            @Parameter(description = "blazeface (a neural network: frontal to three-quarter faces, small ones too) or "
                    + "haar (OpenCV's cascade: frontal faces); by default the server's (fer.inference.faces.detector)")
            @QueryParam("detector") String detector,
            @Parameter(description = "also write a copy of the video with each face's box, track and emotion drawn")
            @QueryParam("annotated") boolean annotated) {
        VideoJob.Status status = jobs.submit(body, model, fps, tta, detector, annotated);
        return Response.accepted(status).location(URI.create("/videos/" + status.id())).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A video job's state and progress: sampled frames done of those expected, rate, ETA")
    @APIResponse(responseCode = "200", description = "queued, running, annotating, done (with the timeline's "
            + "address) or failed (with the reason)")
    @APIResponse(responseCode = "404", description = "No such job")
    public VideoJob.Status status(@PathParam("id") String id) {
        return jobs.status(id);
    }

    @GET
    @Path("/{id}/timeline")
    @RolesAllowed(Roles.VIEWER)
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "A finished video job's timeline: per sampled frame and track the time, box, "
            + "probabilities and smoothed emotion; per track a summary")
    @APIResponse(responseCode = "200", description = "The timeline as JSON, or as CSV (format=csv): one row per face "
            + "per sampled frame")
    @APIResponse(responseCode = "400", description = "format is neither json nor csv")
    @APIResponse(responseCode = "404", description = "No such job")
    @APIResponse(responseCode = "409", description = "The job has not finished, or it failed")
    public Response timeline(@PathParam("id") String id,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) {
        boolean csv = "csv".equalsIgnoreCase(format);
        if (!csv && format != null && !format.isBlank() && !"json".equalsIgnoreCase(format)) {
            throw new InvalidRequestException("format must be json or csv, not '" + format + "'");
        }
        return Response.ok(jobs.timeline(id, csv), csv ? CSV : MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}/annotated")
    @RolesAllowed(Roles.VIEWER)
    @Produces("video/mp4")
    @Operation(summary = "A finished video job's annotated copy (asked for with annotated=true)")
    @APIResponse(responseCode = "200", description = "An MP4 video with each face's box, track and emotion drawn")
    @APIResponse(responseCode = "404", description = "No such job, or it was not asked for an annotated video")
    @APIResponse(responseCode = "409", description = "The job has not finished, or it failed")
    public Response annotated(@PathParam("id") String id) {
        return Response.ok(jobs.annotated(id), "video/mp4").build();
    }
}
