package io.ferperturb.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ferperturb.commons.JsonInputErrors;
import io.ferperturb.domain.Json;
import io.ferperturb.inference.config.InferenceConfig;
import io.ferperturb.models.ModelCard;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.inference.predict.ModelSelection;
import io.ferperturb.inference.predict.PredictionRequest;
import io.ferperturb.inference.predict.PredictionResult;
import io.ferperturb.inference.predict.PredictionService;
import io.ferperturb.serving.CheckpointCatalogue;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.ServingModel;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Open Inference Protocol v2 on top of the same prediction entry point as {@code /predict}. */
@ApplicationScoped
public class OipService {

    private final PredictionService predictions;
    private final ModelRegistry registry;
    private final TensorReader tensors;

    OipService(PredictionService predictions, ModelRegistry registry, InferenceConfig config) {
        this.predictions = predictions;
        this.registry = registry;
        this.tensors = new TensorReader(config.limits());
    }

    /** {@code POST /v2/models/{model}/infer}: the request's one input tensor as a {@link PredictionRequest}. */
    public InferResponse infer(String modelName, byte[] body) {
        return infer(modelName, body, null);
    }

    /** As {@link #infer(String, byte[])}, the answer logged under {@code requestId} (when the log is on). */
    public InferResponse infer(String modelName, byte[] body, String requestId) {
        InferRequest request = parse(body);
        if (request.inputs() == null || request.inputs().size() != 1) {
            throw new InvalidRequestException("send exactly one input tensor: FP32 [N, 1, 48, 48] faces or BYTES [N] "
                    + "base64 images");
        }
        ModelRef model = ModelRef.parse(modelName);
        InferRequest.Input input = request.inputs().get(0);
        if (input == null) {
            throw new InvalidRequestException("input 0 is null: send an input tensor with name, datatype, shape and data");
        }
        Map<String, Object> params = request.parameters() == null ? Map.of() : request.parameters();
        boolean tta = flag(params, "tta");
        PredictionRequest.Input what = switch (input.datatype() == null ? "" : input.datatype()) {
            case "FP32" -> tensors.fp32(input);
            case "BYTES" -> new PredictionRequest.Images(tensors.images(input));
            default -> throw new InvalidRequestException("input datatype must be FP32 (normalised faces) or BYTES "
                    + "(base64 images), not " + input.datatype());
        };
        FaceFinder.Mode faces = what instanceof PredictionRequest.Images ? FaceFinder.Mode.parse(string(params, "faces"))
                : FaceFinder.Mode.AUTO; // tensors are faces already
        PredictionResult result = predictions.predict(new PredictionRequest(what, model,
                new PredictionRequest.Options(faces, tta, FaceDetector.Kind.parse(string(params, "detector"), null))),
                PredictionService.V2_INFER, requestId).await().indefinitely();
        List<OutputTensor> outputs = what instanceof PredictionRequest.Faces ? tensorOutputs(result) : imageOutputs(result);
        Map<String, Object> answerParams = result.members() != null ? Map.of("members", result.members()) : null;
        return new InferResponse(result.model(), String.valueOf(result.version()), request.id(), answerParams, outputs);
    }

    /** Per input: logits, probabilities and the top emotion. */
    private static List<OutputTensor> tensorOutputs(PredictionResult result) {
        List<PredictionResult.ScoredFace> rows = result.faces();
        int classes = result.classes().size();
        return List.of(matrix("logits", rows.stream().map(PredictionResult.ScoredFace::logits).toList(), classes),
                matrix("probabilities", rows.stream().map(PredictionResult.ScoredFace::probabilities).toList(), classes),
                new OutputTensor("emotion", "BYTES", List.of(rows.size()),
                        rows.stream().map(PredictionResult.ScoredFace::emotion).toList()));
    }

    /** Per face found, over all images: probabilities, top emotion, box and the index of its image. */
    private static List<OutputTensor> imageOutputs(PredictionResult result) {
        List<PredictionResult.ScoredFace> rows = result.faces();
        List<Integer> boxes = new ArrayList<>();
        for (PredictionResult.ScoredFace face : rows) {
            for (int v : face.box()) {
                boxes.add(v);
            }
        }
        int f = rows.size();
        return List.of(matrix("probabilities", rows.stream().map(PredictionResult.ScoredFace::probabilities).toList(),
                        result.classes().size()),
                new OutputTensor("emotion", "BYTES", List.of(f), rows.stream().map(PredictionResult.ScoredFace::emotion).toList()),
                new OutputTensor("box", "INT32", List.of(f, 4), boxes),
                new OutputTensor("image_index", "INT32", List.of(f),
                        rows.stream().map(PredictionResult.ScoredFace::image).toList()));
    }

    /** {@code GET /v2/models/{model}/ready}: the model (or every member) held once, so loaded now if need be. */
    public Map<String, Object> ready(String modelName) {
        try (ModelSelection selection = predictions.select(ModelRef.parse(modelName))) {
            return Map.of("name", selection.name(), "version", selection.version(), "ready", true);
        }
    }

    /** {@code GET /v2/models/{model}}: resolves the name as requests do (404 when unknown). */
    public ModelMetadata metadata(String modelName) {
        try (ModelSelection selection = predictions.select(ModelRef.parse(modelName))) {
            return metadata(selection);
        }
    }

    private ModelMetadata metadata(ModelSelection selection) {
        ModelCard card = selection.card();
        int side = card.inputSide();
        List<String> versions = selection.isEnsemble() ? selection.memberIds()
                : registry.finalCheckpoints().stream().filter(e -> e.card().modelId().equals(card.modelId()))
                        .map(e -> String.valueOf(e.card().version())).toList();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("version", selection.version());
        parameters.put("architecture", selection.members().stream().map(m -> m.card().architecture()).toList());
        parameters.put("classes", card.classes());
        parameters.put("normalisation", card.normalisation());
        if (!selection.isEnsemble()) {
            putIfPresent(parameters, "metrics", card.metrics());
            putIfPresent(parameters, "lineage", card.lineage());
            putIfPresent(parameters, "createdAt", card.createdAt());
        }
        return new ModelMetadata(selection.name(), versions, platform(selection),
                List.of(new ModelMetadata.TensorSpec("faces", "FP32", List.of(-1, 1, side, side)),
                        new ModelMetadata.TensorSpec("images", "BYTES", List.of(-1))),
                List.of(new ModelMetadata.TensorSpec("logits", "FP32", List.of(-1, card.classes().size())),
                        new ModelMetadata.TensorSpec("probabilities", "FP32", List.of(-1, card.classes().size())),
                        new ModelMetadata.TensorSpec("emotion", "BYTES", List.of(-1)),
                        new ModelMetadata.TensorSpec("box", "INT32", List.of(-1, 4)),
                        new ModelMetadata.TensorSpec("image_index", "INT32", List.of(-1))),
                parameters);
    }

    /** {@code GET /v2/models}: every final checkpoint, newest first, with the aliases naming it. */
    public List<ModelSummary> models() {
        ServingModel active = registry.currentIfLoaded().orElse(null);
        Map<String, List<String>> aliases = registry.aliasesByVersion();
        List<ModelSummary> out = new ArrayList<>();
        for (CheckpointCatalogue.Entry e : registry.finalCheckpoints()) {
            ModelCard c = e.card();
            boolean isDefault = active != null && active.card().modelId().equals(c.modelId())
                    && active.card().version() == c.version();
            out.add(0, new ModelSummary(c.modelId(), c.version(), c.architecture(), c.createdAt(), registry.isLoaded(c),
                    isDefault, c.metrics(), c.lineage(), aliases.getOrDefault(c.modelId() + ":" + c.version(), List.of())));
        }
        return out;
    }

    /** {@code djl_pytorch}, {@code djl_onnxruntime}, or both joined with '+' for a mixed ensemble. */
    private static String platform(ModelSelection selection) {
        return "djl_" + String.join("+", selection.members().stream()
                .map(m -> m.loaded().model().getNDManager().getEngine().getEngineName().toLowerCase(java.util.Locale.ROOT))
                .distinct().toList());
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static OutputTensor matrix(String name, List<float[]> rows, int columns) {
        float[] flat = new float[rows.size() * columns];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * columns, columns);
        }
        return new OutputTensor(name, "FP32", List.of(rows.size(), columns), flat);
    }

    private static InferRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("the body is empty: send a JSON inference request with an 'inputs' list");
        }
        try {
            InferRequest request = Json.MAPPER.readValue(body, InferRequest.class);
            if (request == null) {
                throw new InvalidRequestException("the body is JSON null: send an inference request with an 'inputs' list");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(JsonInputErrors.describe(e));
        } catch (IOException e) {
            throw new InvalidRequestException("the body is not a JSON inference request: it could not be read");
        }
    }

    private static boolean flag(Map<String, Object> params, String name) {
        Object v = params.get(name);
        if (v == null || v instanceof Boolean) {
            return Boolean.TRUE.equals(v);
        }
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.parseBoolean((String) v);
        }
        throw new InvalidRequestException("parameter '" + name + "' is true or false, not " + v);
    }

    private static String string(Map<String, Object> params, String name) {
        Object v = params.get(name);
        return v == null ? null : String.valueOf(v);
    }
}
