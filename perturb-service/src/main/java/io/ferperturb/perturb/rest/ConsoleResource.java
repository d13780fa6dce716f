package io.ferperturb.perturb.rest;

import io.ferperturb.perturb.config.PerturbConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The web console's two dynamic bits: where its browser finds the other services, and the root of the
 * server sending people to it. The page itself is static ({@code META-INF/resources/console/}).
 */
@Path("/")
public class ConsoleResource {
    static final String CONSOLE = "/console/";

    /** What the console's script reads first: the other services' base URLs, as a browser reaches them. */
    public record ConsoleConfig(String inferenceUrl, String saliencyUrl, String trainerUrl) {
    }

    private final PerturbConfig.Console console;

    ConsoleResource(PerturbConfig config) {
        this.console = config.console();
    }

    @GET
    @PermitAll // the console page and its settings hold no data: a browser loads them before any token
    @Path("console/config.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The web console's settings: base URLs of inference-, saliency- and trainer-service")
    @APIResponse(responseCode = "200", description = "The base URLs")
    public ConsoleConfig config() {
        return new ConsoleConfig(trimmed(console.inferenceUrl()), trimmed(console.saliencyUrl()),
                trimmed(console.trainerUrl()));
    }

    @GET
    @PermitAll
    @Operation(summary = "Redirects to the web console")
    @APIResponse(responseCode = "303", description = "To /console/")
    public Response root() {
        return Response.seeOther(URI.create(CONSOLE)).build();
    }

    @GET
    @PermitAll
    @Path("console")
    @Operation(hidden = true)
    public Response consoleWithoutSlash() {
        return Response.seeOther(URI.create(CONSOLE)).build();
    }

    /** The script appends paths that start with a slash. */
    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
