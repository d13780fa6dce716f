package io.ferperturb.perturb.rest;

import io.ferperturb.commons.auth.Roles;
import io.ferperturb.perturb.experiment.Experiment;
import io.ferperturb.perturb.experiment.ExperimentRequest;
import io.ferperturb.perturb.experiment.ExperimentService;
import io.ferperturb.perturb.removal.Removals;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Experiments: the whole perturbation scheme for a dataset, its state, results table and report. */
@Path("/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ExperimentResource {
    private final ExperimentService experiments;
    private final Removals removals;

    ExperimentResource(ExperimentService experiments, Removals removals) {
        this.experiments = experiments;
        this.removals = removals;
    }

    @POST
    @RolesAllowed(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run the scheme: attention model, clusters, perturbed dataset, baseline and perturbed training")
    @APIResponse(responseCode = "202", description = "Stored in state created and started; Location names it")
    @APIResponse(responseCode = "400", description = "A field is invalid (architecture, cluster counts, attention, "
            + "attentionModel...) or asks for more than fer.perturb.limits.* allow: each problem named")
    @APIResponse(responseCode = "404", description = "No dataset with this id")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response create(ExperimentRequest request) {
        Experiment created = experiments.create(request);
        return Response.accepted(created).header("Location", "/experiments/" + created.id()).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Every experiment, newest first")
    @APIResponse(responseCode = "200", description = "Every experiment, newest first")
    public List<Experiment> list() {
        return experiments.list();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{id}")
    @Operation(summary = "State, jobs with live progress, and the baseline-versus-perturbed table")
    @APIResponse(responseCode = "200", description = "The experiment")
    @APIResponse(responseCode = "404", description = "No experiment with this id")
    public Experiment get(@PathParam("id") String id) {
        return experiments.get(id);
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @Operation(summary = "Remove an ended experiment: its state, report, figures and predictions (not its datasets)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No experiment with this id")
    @APIResponse(responseCode = "409", description = "The experiment has not ended: its jobs still report to it")
    public Response delete(@PathParam("id") String id) {
        removals.experiment(id);
        return Response.noContent().build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{id}/report")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The report as one self-contained HTML page with its figures")
    @APIResponse(responseCode = "200", description = "The report as HTML")
    @APIResponse(responseCode = "404", description = "No experiment with this id")
    public Response report(@PathParam("id") String id) {
        return Response.ok(experiments.report(id), "text/html; charset=utf-8").build();
    }
}
