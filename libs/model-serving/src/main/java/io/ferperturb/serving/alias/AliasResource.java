package io.ferperturb.serving.alias;

import io.ferperturb.commons.auth.AuthConfig;
import io.ferperturb.commons.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The serving aliases on the registry both serving services read: which version {@code production} and
 * {@code staging} name, who moved them when, and the moves themselves (admins only). Served by inference-service
 * and saliency-service alike; a move on either reaches every replica of both.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AliasResource {
    /** Who made a move while authentication is off (local runs): nobody can be named. */
    static final String NOBODY = "anonymous (auth off)";

    private final AliasService service;
    private final ModelAliases aliases;
    private final boolean authEnabled;
    private final Instance<SecurityIdentity> identity;

    AliasResource(AliasService service, ModelAliases aliases, AuthConfig auth, Instance<SecurityIdentity> identity) {
        this.service = service;
        this.aliases = aliases;
        this.authEnabled = auth.enabled();
        this.identity = identity;
    }

    @GET
    @Path("/aliases")
    @RolesAllowed(Roles.VIEWER)
    @APIResponse(responseCode = "200", description = "Every alias that names a version: target, previous target, history")
    public List<ServingAlias> list() {
        return aliases.all();
    }

    @GET
    @Path("/aliases/{alias}")
    @RolesAllowed(Roles.VIEWER)
    @APIResponse(responseCode = "200", description = "The alias: the version it names, the one before, every move")
    @APIResponse(responseCode = "400", description = "Not production or staging")
    @APIResponse(responseCode = "404", description = "No admin has pointed the alias at a version yet")
    public ServingAlias get(@PathParam("alias") String alias) {
        return aliases.find(AliasService.movable(alias)).orElseThrow(() -> new NotFoundException("'" + alias
                + "' names no model yet; an admin points it with PUT /models/{id}/aliases/" + alias));
    }

    /** Points the alias at one final checkpoint; every serving replica that follows it swaps to it. */
    @PUT
    @Path("/models/{modelId}/aliases/{alias}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The alias after the move (announced on model-aliases)")
    @APIResponse(responseCode = "400", description = "Not production or staging, no version, or a malformed id")
    @APIResponse(responseCode = "404", description = "No final checkpoint with this id and version")
    @APIResponse(responseCode = "503", description = "Stored, but Kafka did not take the announcement: retry")
    public ServingAlias move(@PathParam("modelId") String modelId, @PathParam("alias") String alias, AliasRequest body) {
        return service.move(alias, modelId, body, caller());
    }

    /** Points the alias back at what it named before its last move; a second rollback undoes the first. */
    @POST
    @Path("/aliases/{alias}/rollback")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The alias after the rollback (announced on model-aliases)")
    @APIResponse(responseCode = "400", description = "Not production or staging")
    @APIResponse(responseCode = "409", description = "The alias has no earlier target to go back to")
    @APIResponse(responseCode = "503", description = "Stored, but Kafka did not take the announcement: retry")
    public ServingAlias rollback(@PathParam("alias") String alias, AliasRequest body) {
        return service.rollback(alias, body, caller());
    }

    /** The token's name while authentication is on (the role check has read it already). */
    private String caller() {
        return authEnabled ? identity.get().getPrincipal().getName() : NOBODY;
    }
}
