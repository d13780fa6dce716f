package io.ferperturb.inference.predictionlog;

import io.ferperturb.commons.auth.Roles;
import io.ferperturb.serving.InvalidRequestException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /predictions/recent}: the live class mix of the prediction log, for the console and for a glance. */
@Path("/predictions")
public class PredictionLogResource {
    private final RecentPredictions recent;
    private final PredictionLog log;

    PredictionLogResource(RecentPredictions recent, PredictionLog log) {
        this.recent = recent;
        this.log = log;
    }

    @GET
    @Path("/recent")
    @RolesAllowed(Roles.VIEWER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Class mix, mean confidence and models of the last n records of the prediction log "
            + "(every replica's, as heard on the predictions topic since this replica started)")
    @APIResponse(responseCode = "200", description = "The mix; empty while the log is off everywhere")
    @APIResponse(responseCode = "400", description = "n is not between 1 and the records kept")
    public RecentMix recent(@Parameter(description = "how many of the newest records, 1 to "
            + "fer.inference.prediction-log.recent-capacity") @QueryParam("n") @DefaultValue("100") String count) {
        int n = parse(count);
        if (n < 1 || n > recent.capacity()) {
            throw new InvalidRequestException("n is how many of the newest logged predictions to summarise, 1 to "
                    + recent.capacity() + ", not " + n);
        }
        return RecentMix.of(recent.last(n), log.enabled());
    }

    private int parse(String count) {
        try {
            return Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("n is a whole number, 1 to " + recent.capacity() + ", not '"
                    + (count.length() > 20 ? count.substring(0, 17) + "..." : count) + "'");
        }
    }
}
