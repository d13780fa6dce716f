package io.ferperturb.trainer.rest;

import io.ferperturb.domain.Quoted;
import io.ferperturb.commons.auth.Roles;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Events;
import io.ferperturb.domain.event.TrainingProgress;
import io.ferperturb.trainer.JobRecord;
import io.ferperturb.trainer.TrainingJob;
import io.ferperturb.trainer.service.EventPublisher;
import io.ferperturb.trainer.service.JobStore;
import io.ferperturb.trainer.service.TrainingService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Training jobs: list, inspect, follow live (server-sent events), and submit (by publishing a dataset-ready event). */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobResource {
    private final JobStore jobs;
    private final EventPublisher events;
    private final TrainingService training;
    private final Multi<String> progressFeed;

    JobResource(JobStore jobs, EventPublisher events, TrainingService training,
            @Channel(PROGRESS_FEED) Multi<String> progressFeed) {
        this.jobs = jobs;
        this.events = events;
        this.training = training;
        this.progressFeed = progressFeed;
    }

    /** Every training-progress event of the cluster, whichever replica trains the job. */
    public static final String PROGRESS_FEED = "training-progress-feed";

    @GET
    @RolesAllowed(Roles.VIEWER)
    @APIResponse(responseCode = "200", description = "Every job, newest first")
    public List<JobRecord> list() {
        return jobs.list();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{jobId}")
    @APIResponse(responseCode = "200", description = "The job: state, epoch, accuracies, checkpoint")
    @APIResponse(responseCode = "404", description = "No job with this id")
    public JobRecord get(@PathParam("jobId") String jobId) {
        return jobs.find(jobId).orElseThrow(() -> new NotFoundException("no job with id '"
                + Quoted.shortened(jobId) + "'; GET /jobs lists them"));
    }

    /**
     * Cancels a queued or running job: a queued one never starts, a running one stops after its current optimiser
     * step (its epoch checkpoints stay); the other jobs of its event go on.
     */
    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/{jobId}")
    @APIResponse(responseCode = "202", description = "Cancelled (a queued job) or being cancelled (a running one); the job")
    @APIResponse(responseCode = "404", description = "No job with this id")
    @APIResponse(responseCode = "409", description = "The job has ended already")
    public Response cancel(@PathParam("jobId") String jobId) {
        return Response.accepted(training.cancel(jobId)).build();
    }

    /**
     * Server-sent progress of one job: its current state first, then every training-progress event for it
     * as it happens (steps, epochs with images/s and ETA, the final state).
     */
    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{jobId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "A stream of training-progress events, the job's current state "
            + "first")
    @APIResponse(responseCode = "404", description = "No job with this id")
    public Multi<TrainingProgress> events(@PathParam("jobId") String jobId) {
        JobRecord record = get(jobId);
        TrainingJob job = record.job();
        TrainingProgress now = new TrainingProgress(jobId, job.datasetId(), job.hyperparameters().architecture(),
                record.state().json(), record.epoch(), job.hyperparameters().epochs(), null, null, null, null,
                record.validationAccuracy(), null, null, job.modelId(), null, record.error(), record.updatedAt());
        Multi<TrainingProgress> live = progressFeed.filter(json -> json.contains(jobId))
                .map(JobResource::parse).filter(p -> p.isPresent() && jobId.equals(p.get().jobId())).map(Optional::get);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(now), live);
    }

    private static Optional<TrainingProgress> parse(String json) {
        try {
            return Optional.of(Events.parseTrainingProgress(json));
        } catch (RuntimeException malformed) {
            return Optional.empty(); // someone else's bad record must not end this client's stream
        }
    }

    /**
     * Validates the body as the contract's dataset-ready event, and each job it asks for (architecture, epochs,
     * batch size, learning rate, crop), then publishes it. Whether the dataset is readable shows when it trains.
     */
    @POST
    @RolesAllowed(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Published; the event id, dataset id and the event as sent")
    @APIResponse(responseCode = "400", description = "Not a valid dataset-ready event, a job it asks for cannot be "
            + "trained, or it asks for more than fer.trainer.limits.* allow (what is wrong named)")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response submit(String body) {
        DatasetReady event = Events.parseDatasetReady(body);
        training.validate(event);
        events.datasetReady(event);
        return Response.accepted(Map.of("eventId", event.eventId(), "datasetId", event.datasetId(),
                "topic", "dataset-ready", "event", Json.MAPPER.valueToTree(event))).build();
    }
}
