package io.ferperturb.saliency.rest;

import io.ferperturb.commons.auth.Roles;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.models.saliency.ClassMeans;
import io.ferperturb.models.saliency.ClassSaliency;
import io.ferperturb.models.saliency.render.Figure;
import io.ferperturb.models.saliency.render.HeatMap;
import io.ferperturb.saliency.config.SaliencyConfig;
import io.ferperturb.saliency.method.MethodChoice;
import io.ferperturb.saliency.service.ClassMeansService;
import io.ferperturb.saliency.service.SaliencyMap;
import io.ferperturb.saliency.service.SaliencyService;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.RequestLimits;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.ServingConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /saliency}: where a model looks, for one image, several models, or every emotion of a test split. */
@Path("/saliency")
public class SaliencyResource {
    private static final String PNG = "image/png";

    private final SaliencyService saliency;
    private final ClassMeansService classMeans;
    private final SaliencyConfig config;
    private final ServingConfig serving;
    private final ModelRegistry registry;

    SaliencyResource(SaliencyService saliency, ClassMeansService classMeans, SaliencyConfig config,
            ServingConfig serving, ModelRegistry registry) {
        this.registry = registry;
        this.saliency = saliency;
        this.classMeans = classMeans;
        this.config = config;
        this.serving = serving;
    }

    @POST
    @RolesAllowed(Roles.VIEWER)
    @Blocking // DJL work never runs on the event loop
    @Consumes({"image/png", "image/jpeg", "image/bmp", "image/gif", MediaType.APPLICATION_OCTET_STREAM})
    @Produces({PNG, MediaType.APPLICATION_JSON})
    @Operation(summary = "The saliency map of a face: PNG heat map over the face (layout=overlay|side-by-side) or JSON values")
    @APIResponse(responseCode = "200", description = "The map as PNG or JSON")
    @APIResponse(responseCode = "400", description = "Not a decodable image, or a bad parameter (method, target, "
            + "layout, scale; an ONNX model has no gradients)")
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = "The image is larger than the server accepts")
    @APIResponse(responseCode = "415", description = "The body is not a PNG, JPEG, BMP or GIF image")
    @APIResponse(responseCode = "503", description = "No model is loaded yet, or the server is busy (Retry-After)")
    public Response saliency(byte[] body, @QueryParam("model") String model, @QueryParam("method") String method,
            @QueryParam("target") String target, @QueryParam("format") String format, @QueryParam("layout") String layout,
            @QueryParam("scale") Integer scale, @QueryParam("samples") Integer samples, @QueryParam("sigma") Double sigma,
            @QueryParam("steps") Integer steps, @QueryParam("baseline") Integer baseline) {
        boolean json = json(format);
        boolean sideBySide = sideBySide(layout);
        int pixelsPerCell = scale(scale);
        MethodChoice choice = MethodChoice.of(method, samples, sigma, steps, baseline, config);
        SaliencyMap map = saliency.explain(saliency.face(body), oneModel(model), choice, target);
        if (json) {
            return Response.ok(map, MediaType.APPLICATION_JSON).build();
        }
        BufferedImage overlay = HeatMap.overlay(map.face(), map.values(), map.width(), pixelsPerCell);
        BufferedImage image = sideBySide
                ? Figure.row(List.of(HeatMap.face(map.face(), map.width(), pixelsPerCell), overlay),
                        List.of("input", caption(map)))
                : overlay;
        return Response.ok(Figure.png(image), PNG).build();
    }

    @POST
    @RolesAllowed(Roles.VIEWER)
    @Path("/compare")
    @Blocking
    @Consumes({"image/png", "image/jpeg", "image/bmp", "image/gif", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(PNG)
    @Operation(summary = "One labelled PNG: the input and each model's map side by side (models=a,b)")
    @APIResponse(responseCode = "200", description = "The maps side by side as PNG")
    @APIResponse(responseCode = "400", description = "Not a decodable image, or a bad parameter (models, method, "
            + "target, scale)")
    @APIResponse(responseCode = "404", description = "No model with this id or version")
    @APIResponse(responseCode = "413", description = "The image is larger than the server accepts, or more models "
            + "than one request may name")
    @APIResponse(responseCode = "415", description = "The body is not a PNG, JPEG, BMP or GIF image")
    @APIResponse(responseCode = "503", description = "No model is loaded yet, or the server is busy (Retry-After)")
    public Response compare(byte[] body, @QueryParam("models") String models, @QueryParam("method") String method,
            @QueryParam("target") String target, @QueryParam("scale") Integer scale, @QueryParam("samples") Integer samples,
            @QueryParam("sigma") Double sigma, @QueryParam("steps") Integer steps, @QueryParam("baseline") Integer baseline) {
        List<ModelRef.Single> ids = models(models, "models");
        int pixelsPerCell = scale(scale);
        MethodChoice choice = MethodChoice.of(method, samples, sigma, steps, baseline, config);
        byte[] face = saliency.face(body);
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (ModelRef.Single id : ids) {
            SaliencyMap map = saliency.explain(face, id, choice, target);
            if (tiles.isEmpty()) {
                tiles.add(HeatMap.face(map.face(), map.width(), pixelsPerCell));
                captions.add("input");
            }
            tiles.add(HeatMap.overlay(map.face(), map.values(), map.width(), pixelsPerCell));
            captions.add(caption(map));
        }
        return Response.ok(Figure.png(Figure.row(tiles, captions)), PNG).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/classes")
    @Blocking
    @Produces({PNG, MediaType.APPLICATION_JSON})
    @Operation(summary = "Mean map per emotion over a dataset's test split: a PNG grid (rows models, columns emotions) or JSON")
    @APIResponse(responseCode = "200", description = "The mean maps as a PNG grid or JSON")
    @APIResponse(responseCode = "400", description = "A bad parameter (datasetId, perClass, models that do not share "
            + "classes)")
    @APIResponse(responseCode = "404", description = "No model, or no dataset with this id (or none with test faces)")
    @APIResponse(responseCode = "413", description = "More models, faces per emotion or gradient rows than one "
            + "request may ask for")
    @APIResponse(responseCode = "422", description = "The dataset is stored but cannot be read")
    @APIResponse(responseCode = "503", description = "No model is loaded yet, or the server is busy (Retry-After)")
    public Response classes(@QueryParam("model") String model, @QueryParam("datasetId") String datasetId,
            @QueryParam("method") String method, @QueryParam("format") String format, @QueryParam("scale") Integer scale,
            @QueryParam("perClass") Integer perClass, @QueryParam("samples") Integer samples,
            @QueryParam("sigma") Double sigma, @QueryParam("steps") Integer steps, @QueryParam("baseline") Integer baseline) {
        boolean json = json(format);
        int pixelsPerCell = scale(scale);
        List<ModelRef.Single> ids = model == null || model.isBlank() ? List.of(registry.servedAlias()) : models(model, "model");
        MethodChoice choice = MethodChoice.of(method, samples, sigma, steps, baseline, config);
        ClassMeans means = classMeans.compute(ids, datasetId, choice, perClass);
        if (json) {
            return Response.ok(means, MediaType.APPLICATION_JSON).build();
        }
        return Response.ok(Figure.png(ClassSaliency.grid(means, pixelsPerCell)), PNG).build();
    }

    private static String caption(SaliencyMap map) {
        return String.format(Locale.ROOT, "%s v%d\n%s %.2f", map.model(), map.version(), map.target(),
                map.probabilities().get(map.target()));
    }

    private static boolean json(String format) {
        return secondOf("format", format, "png", "json");
    }

    private static boolean sideBySide(String layout) {
        return secondOf("layout", layout, "overlay", "side-by-side");
    }

    /** Whether a two-valued parameter is its second value (absent means the first). */
    private static boolean secondOf(String parameter, String value, String first, String second) {
        if (value == null || value.isBlank() || first.equals(value)) {
            return false;
        }
        if (second.equals(value)) {
            return true;
        }
        throw new InvalidRequestException(parameter + " must be " + first + " or " + second + ", got '" + value + "'");
    }

    private static int scale(Integer scale) {
        int s = scale == null ? 4 : scale;
        if (s < 1 || s > 16) {
            throw new InvalidRequestException("scale (screen pixels per map pixel) must be between 1 and 16, got " + s);
        }
        return s;
    }

    /** The one model a map is of: the default when left out. */
    private ModelRef.Single oneModel(String text) {
        return single(ModelRef.parseOr(text, registry.servedAlias()));
    }

    /**
     * A comma-separated list of single models (an ensemble has no map of its own), each once, at most
     * {@code fer.serving.max-models-per-request} (counted before any is parsed, so a long list costs nothing).
     */
    private List<ModelRef.Single> models(String list, String parameter) {
        List<String> names = list == null ? List.of()
                : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (names.isEmpty()) {
            throw new InvalidRequestException(parameter + " must list models separated by commas, each latest, best, "
                    + "an id or id:3, e.g. " + parameter + "=baseline,perturbed");
        }
        RequestLimits.checkModelCount(names.size(), serving);
        return names.stream().map(s -> single(ModelRef.parse(s))).distinct().toList();
    }

    private static ModelRef.Single single(ModelRef ref) {
        if (ref instanceof ModelRef.Single one) {
            return one;
        }
        throw new InvalidRequestException("saliency maps are of single models, and '" + ref + "' is an ensemble: "
                + "name one model, or compare several side by side with POST /saliency/compare?models=a,b");
    }
}
