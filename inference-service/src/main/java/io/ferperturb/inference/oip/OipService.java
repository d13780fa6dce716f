package io.ferperturb.inference.oip;

import io.ferperturb.domain.Json;
import io.ferperturb.models.ModelCard;
import io.ferperturb.inference.predict.DynamicBatcher;
import io.ferperturb.inference.predict.ModelSelection;
import io.ferperturb.inference.predict.Prediction;
import io.ferperturb.inference.predict.PredictionPipeline;
import io.ferperturb.inference.predict.PredictionService;
import io.ferperturb.serving.CheckpointCatalogue;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.ServingModel;
import io.ferperturb.serving.faces.FaceFinder;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Open Inference Protocol v2 on top of the same selection, pipeline and batcher as {@code /predict}. */
@ApplicationScoped
public class OipService {

    private final PredictionService predictions;
    private final ModelRegistry registry;

    OipService(PredictionService predictions, ModelRegistry registry) {
        this.predictions = predictions;
        this.registry = registry;
    }

    public InferResponse infer(String modelSpec, byte[] body) {
        long t0 = System.nanoTime();
        InferRequest request = parse(body);
        if (request.inputs() == null || request.inputs().size() != 1) {
            throw new InvalidRequestException("send exactly one input tensor: FP32 [N, 1, 48, 48] faces or BYTES [N] "
                    + "base64 images");
        }
        InferRequest.Input input = request.inputs().get(0);
        Map<String, Object> params = request.parameters() == null ? Map.of() : request.parameters();
        try (ModelSelection selection = predictions.select(modelSpec)) {
            List<OutputTensor> outputs = switch (input.datatype() == null ? "" : input.datatype()) {
                case "FP32" -> inferTensor(selection, input, flag(params, "tta"));
                case "BYTES" -> inferImages(selection, input, string(params, "faces"), flag(params, "tta"));
                default -> throw new InvalidRequestException("input datatype must be FP32 (normalised faces) or BYTES "
                        + "(base64 images), not " + input.datatype());
            };
            predictions.metrics().request("v2-infer", selection.name(), System.nanoTime() - t0);
            Map<String, Object> answerParams = selection.isEnsemble() ? Map.of("members", selection.memberIds()) : null;
            return new InferResponse(selection.name(), String.valueOf(selection.version()), request.id(), answerParams,
                    outputs);
        }
    }

    private List<OutputTensor> inferTensor(ModelSelection selection, InferRequest.Input input, boolean tta) {
        if (tta) {
            throw new InvalidRequestException("tta applies to images (BYTES input or POST /predict), not to FP32 tensors");
        }
        int side = selection.card().inputSide();
        float[] values = TensorReader.fp32(input, side);
        int n = values.length / (side * side);
        PredictionPipeline pipeline = predictions.pipeline();
        float[][] logits;
        try (DynamicBatcher.Ticket ticket = pipeline.expect()) {
            logits = pipeline.logitsOfInputs(ticket, selection, values, n);
        }
        float[][] probabilities = PredictionPipeline.softmax(logits);
        List<String> classes = selection.card().classes();
        List<String> emotions = new ArrayList<>();
        for (float[] p : probabilities) {
            emotions.add(classes.get(io.ferperturb.domain.metrics.ClassificationMetrics.argmax(p, 0, p.length)));
        }
        return List.of(matrix("logits", logits), matrix("probabilities", probabilities),
                new OutputTensor("emotion", "BYTES", List.of(n), emotions));
    }

    private List<OutputTensor> inferImages(ModelSelection selection, InferRequest.Input input, String faces, boolean tta) {
        FaceFinder.Mode mode = FaceFinder.Mode.parse(faces);
        List<byte[]> images = TensorReader.images(input);
        PredictionPipeline pipeline = predictions.pipeline();
        List<float[]> probabilities = new ArrayList<>();
        List<String> emotions = new ArrayList<>();
        List<Integer> boxes = new ArrayList<>();
        List<Integer> imageIndex = new ArrayList<>();
        List<String> classes = selection.card().classes();
        for (int i = 0; i < images.size(); i++) {
            try (DynamicBatcher.Ticket ticket = pipeline.expect()) {
                for (Prediction.Face face : pipeline.predict(ticket, images.get(i), selection, mode, tta)) {
                    float[] row = new float[classes.size()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = face.probabilities().get(classes.get(c)).floatValue();
                    }
                    probabilities.add(row);
                    emotions.add(face.emotion());
                    for (int v : face.box()) {
                        boxes.add(v);
                    }
                    imageIndex.add(i);
                }
            }
        }
        int f = probabilities.size();
        return List.of(matrix("probabilities", probabilities.toArray(float[][]::new), classes.size()),
                new OutputTensor("emotion", "BYTES", List.of(f), emotions),
                new OutputTensor("box", "INT32", List.of(f, 4), boxes),
                new OutputTensor("image_index", "INT32", List.of(f), imageIndex));
    }

    /** {@code GET /v2/models/{model}}: resolves the name as requests do (404 when unknown). */
    public ModelMetadata metadata(String modelSpec) {
        try (ModelSelection selection = predictions.select(modelSpec)) {
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

    /** {@code GET /v2/models}: every final checkpoint, newest first. */
    public List<ModelSummary> models() {
        ServingModel active = registry.currentIfLoaded().orElse(null);
        List<ModelSummary> out = new ArrayList<>();
        for (CheckpointCatalogue.Entry e : registry.finalCheckpoints()) {
            ModelCard c = e.card();
            boolean isDefault = active != null && active.card().modelId().equals(c.modelId())
                    && active.card().version() == c.version();
            out.add(0, new ModelSummary(c.modelId(), c.version(), c.architecture(), c.createdAt(), registry.isLoaded(c),
                    isDefault, c.metrics(), c.lineage()));
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

    private static OutputTensor matrix(String name, float[][] rows) {
        return matrix(name, rows, rows.length == 0 ? 0 : rows[0].length);
    }

    private static OutputTensor matrix(String name, float[][] rows, int columns) {
        float[] flat = new float[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * columns, columns);
        }
        return new OutputTensor(name, "FP32", List.of(rows.length, columns), flat);
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
        } catch (IOException e) {
            throw new InvalidRequestException("the body is not a JSON inference request: "
                    + e.getMessage().lines().findFirst().orElse("unreadable"));
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
