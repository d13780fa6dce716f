package io.ferperturb.inference.rest;

import io.ferperturb.commons.ApiError;
import io.ferperturb.commons.auth.Roles;
import io.ferperturb.inference.oip.InferResponse;
import io.ferperturb.inference.oip.ModelMetadata;
import io.ferperturb.inference.oip.ModelSummary;
import io.ferperturb.inference.oip.OipService;
import io.ferperturb.inference.predictionlog.RequestIds;
import io.ferperturb.models.ModelCard;
import io.ferperturb.serving.ModelLease;
import io.ferperturb.serving.ModelRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Open Inference Protocol v2 (KServe / Triton's REST form). {@code {model}} takes what {@code ?model=} takes:
 * {@code latest}, {@code best}, an id, {@code id:3}, or {@code ensemble:a,b}.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class OipResource {
    private final OipService oip;
    private final ModelRegistry registry;

    OipResource(OipService oip, ModelRegistry registry) {
        this.oip = oip;
        this.registry = registry;
    }

    @GET
    @PermitAll // the protocol's health endpoints stay open to the cluster, like /q/health
    @Path("/health/live")
    @Operation(summary = "The server answers")
    @APIResponse(responseCode = "200", description = "The server answers")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @PermitAll
    @Path("/health/ready")
    @Operation(summary = "200 once a model is loaded and has answered a warm-up inference, else 503")
    @APIResponse(responseCode = "200", description = "A model is loaded and warmed up")
    @APIResponse(responseCode = "503", description = "No model is loaded yet")
    public Response ready() {
        return registry.currentIfLoaded()
                .map(m -> Response.ok(Map.of("ready", true, "model", m.card().modelId(), "version", m.card().version())).build())
                .orElseGet(() -> ApiError.response(503, "no-model", "not ready: no model is loaded yet (train one, or "
                        + "wait for the newest checkpoint to finish loading and warming up)"));
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/models")
    @Blocking
    @Operation(summary = "Every final checkpoint with its test metrics and lineage, newest first")
    @APIResponse(responseCode = "200", description = "Every final checkpoint")
    public Map<String, List<ModelSummary>> models() {
        return Map.of("models", oip.models());
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/models/{model}")
    @Blocking
    @Operation(summary = "A model's metadata: versions, input and output tensors, card")
    @APIResponse(responseCode = "200", description = "The model's metadata")
    @APIResponse(responseCode = "400", description = "A malformed model reference (e.g. an empty ensemble)")
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = "An ensemble of more models than one request may name")
    @APIResponse(responseCode = "503", description = "No model is loaded yet (latest, best)")
    public ModelMetadata metadata(@PathParam("model") String model) {
        return oip.metadata(model);
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/models/{model}/ready")
    @Blocking
    @Operation(summary = "200 when the model is loaded and answers (it is loaded now if needed); 404 unknown; 503 no default yet")
    @APIResponse(responseCode = "200", description = "The model is loaded and answers")
    @APIResponse(responseCode = "400", description = "A malformed model reference (e.g. an empty ensemble)")
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = "An ensemble of more models than one request may name")
    @APIResponse(responseCode = "503", description = "No model is loaded yet (latest, best)")
    public Map<String, Object> modelReady(@PathParam("model") String model) {
        return oip.ready(model);
    }

    @POST
    @RolesAllowed(Roles.VIEWER)
    @Path("/models/{model}/infer")
    @Blocking
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    @Operation(summary = "FP32 [N,1,48,48] normalised faces, or BYTES [N] base64 images (faces detected)")
    @APIResponse(responseCode = "200", description = "The outputs: probabilities per class for each input")
    @APIResponse(responseCode = "400", description = "A malformed request: tensor shape or data, an image that cannot "
            + "be decoded, a bad parameter")
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = "An image or the body is larger than the server accepts, or the "
            + "request asks for more inputs, images or ensemble members than one request may")
    @APIResponse(responseCode = "415", description = "The body is not JSON, or an image is not PNG, JPEG, BMP or GIF")
    @APIResponse(responseCode = "503", description = "No model is loaded yet, or the server is busy (Retry-After)")
    public InferResponse infer(@PathParam("model") String model, byte[] body,
            @HeaderParam(RequestIds.HEADER) String requestId) {
        return oip.infer(model, body, requestId);
    }
}
