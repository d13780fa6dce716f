package io.ferperturb.trainer.rest;

import io.ferperturb.core.event.DatasetReady;
import io.ferperturb.core.event.Events;
import io.ferperturb.core.Json;
import io.ferperturb.trainer.JobRecord;
import io.ferperturb.trainer.service.EventPublisher;
import io.ferperturb.trainer.service.JobStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
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

/** Training jobs: list, inspect, and submit (by publishing a dataset-ready event). */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobResource {
    private final JobStore jobs;
    private final EventPublisher events;

    JobResource(JobStore jobs, EventPublisher events) {
        this.jobs = jobs;
        this.events = events;
    }

    @GET
    public List<JobRecord> list() {
        return jobs.list();
    }

    @GET
    @Path("/{jobId}")
    public JobRecord get(@PathParam("jobId") String jobId) {
        return jobs.find(jobId).orElseThrow(() -> new NotFoundException("no job with id '" + jobId + "'"));
    }

    /** Validates the body as the contract's dataset-ready event and publishes it. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(String body) {
        DatasetReady event = Events.parseDatasetReady(body);
        events.datasetReady(event);
        return Response.accepted(Map.of("eventId", event.eventId(), "datasetId", event.datasetId(),
                "topic", "dataset-ready", "event", Json.MAPPER.valueToTree(event))).build();
    }
}
