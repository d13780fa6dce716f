package io.ferperturb.saliency.service;

import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.ImageDecoder;
import io.ferperturb.domain.metrics.ClassificationMetrics;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.models.EmotionClassifier;
import io.ferperturb.models.ModelCard;
import io.ferperturb.models.saliency.DeletionScore;
import io.ferperturb.models.saliency.Maps;
import io.ferperturb.models.saliency.ModelInput;
import io.ferperturb.saliency.config.SaliencyConfig;
import io.ferperturb.saliency.method.MethodChoice;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.ModelLease;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.ServingModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Image bytes in, one saliency map per requested model out, with the same preprocessing as training. */
@ApplicationScoped
public class SaliencyService {
    public static final String PREDICTED = "predicted";

    private final ModelRegistry registry;
    private final ImageDecoder decoder;
    private final DeletionScore deletion;

    SaliencyService(ModelRegistry registry, ImageDecoder decoder, SaliencyConfig config) {
        this.registry = registry;
        this.decoder = decoder;
        this.deletion = new DeletionScore(config.deletion().fraction(), config.deletion().randomDraws(), 7);
    }

    /**
     * The image as one 48×48 face (the whole image is the face, as in inference); a large image's raster lives only
     * while it is reduced, under its decode permit.
     */
    public byte[] face(byte[] body) {
        return decoder.decode(body, FacePreprocessing::toFace);
    }

    public SaliencyMap explain(byte[] face, ModelRef.Single model, MethodChoice choice, String target) {
        try (ModelLease lease = registry.lease(model)) {
            return explain(face, withGradients(lease.model()), choice, target);
        }
    }

    /** Saliency maps need gradients through the model: PyTorch models have them, ONNX ones (run by onnxruntime) do not. */
    static ServingModel withGradients(ServingModel served) {
        if (!served.hasGradients()) {
            throw new InvalidRequestException(served.card().modelId() + " is an ONNX model, which is served for "
                    + "predictions only: saliency maps need gradients, so name a trained or TorchScript model");
        }
        return served;
    }

    private SaliencyMap explain(byte[] face, ServingModel served, MethodChoice choice, String target) {
        ModelCard card = served.card();
        int side = card.inputSide();
        float[] input = ModelInput.of(new byte[][] {face}, card);
        float[] logits = EmotionClassifier.forward(served.loaded().model(), input, 1, side);
        int predicted = ClassificationMetrics.argmax(logits, 0, logits.length);
        int targetIndex = targetIndex(target, card.classes(), predicted);
        float[] raw = choice.method(card.normalisation()).maps(served.loaded().model(), input, side, new int[] {targetIndex})[0];
        DeletionScore.Result faithfulness = deletion.of(served.loaded().model(), input, raw, side, targetIndex);
        EmotionClassifier.softmaxInPlace(logits);
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int c = 0; c < card.classes().size(); c++) {
            probabilities.put(card.classes().get(c), (double) logits[c]);
        }
        return new SaliencyMap(card.modelId(), card.version(), card.classes().get(targetIndex), card.classes().get(predicted),
                probabilities, choice.name(), side, side, Maps.normalised(raw), Maps.min(raw), Maps.max(raw),
                SaliencyMap.Deletion.of(faithfulness), ModelInput.shown(face, card));
    }

    /** {@code predicted} (or nothing) for the arg-max, else one of the model's class names. */
    static int targetIndex(String target, List<String> classes, int predicted) {
        if (target == null || target.isBlank() || PREDICTED.equals(target)) {
            return predicted;
        }
        int index = classes.indexOf(target);
        if (index < 0) {
            throw new InvalidRequestException("unknown target '" + target + "'; use predicted or one of "
                    + String.join(", ", classes));
        }
        return index;
    }
}
