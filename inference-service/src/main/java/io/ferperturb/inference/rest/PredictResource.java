package io.ferperturb.inference.rest;

import io.ferperturb.commons.auth.Roles;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.inference.predict.Prediction;
import io.ferperturb.inference.predict.PredictionRequest;
import io.ferperturb.inference.predict.PredictionService;
import io.ferperturb.inference.predictionlog.RequestIds;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /predict}: emotions of the faces in an image. */
@Path("/predict")
public class PredictResource {
    private final PredictionService predictions;
    private final ModelRegistry registry;

    PredictResource(PredictionService predictions, ModelRegistry registry) {
        this.predictions = predictions;
        this.registry = registry;
    }

    @POST // on the event loop: the pipeline hands anything slow to a worker thread
    @RolesAllowed(Roles.VIEWER)
    @Consumes({"image/png", "image/jpeg", "image/bmp", "image/gif", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict the emotion of each face in a PNG, JPEG, BMP or GIF image")
    @APIResponse(responseCode = "200", description = "The model, its version and each face with its emotion and "
            + "probabilities")
    @APIResponse(responseCode = "400", description = "Not a decodable image, or a bad parameter (faces, detector, tta, an "
            + "ensemble that cannot be formed)")
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = "The image is larger than the server accepts (pixels from its "
            + "header, or bytes), or an ensemble of more models than one request may name")
    @APIResponse(responseCode = "415", description = "The body is not a PNG, JPEG, BMP or GIF image")
    @APIResponse(responseCode = "503", description = "No model is loaded yet, or the server is busy (Retry-After)")
    public Uni<Prediction> predict(byte[] body,
            @Parameter(description = "latest, best, production, staging, a model id, id:3 or id:v3, or "
                    + "ensemble:a,b,c; by default the alias this server serves (fer.serving.default-model)")
            @QueryParam("model") String model,
            @Parameter(description = "auto (detect faces; images up to 64 px a side are one face) or none")
            @QueryParam("faces") String faces,
            @Parameter(description = "blazeface (a neural network: frontal to three-quarter faces, small ones too) or "
                    + "haar (OpenCV's cascade: frontal faces); by default the server's (fer.inference.faces.detector)")
            @QueryParam("detector") String detector,
            @Parameter(description = "sum the logits of the face and its cluster-masked copies (perturbed models)")
            @QueryParam("tta") boolean tta,
            @Parameter(description = "the request's id, answered in the same header and logged with the prediction; "
                    + "made by the server when absent") @HeaderParam(RequestIds.HEADER) String requestId) {
        PredictionRequest request = PredictionRequest.ofImage(body, ModelRef.parseOr(model, registry.servedAlias()),
                new PredictionRequest.Options(FaceFinder.Mode.parse(faces), tta, FaceDetector.Kind.parse(detector, null)));
        return predictions.predict(request, PredictionService.PREDICT, requestId).map(result -> Prediction.of(result, tta));
    }
}
