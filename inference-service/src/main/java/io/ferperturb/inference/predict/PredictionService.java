package io.ferperturb.inference.predict;

import io.ferperturb.core.data.FacePreprocessing;
import io.ferperturb.core.data.ImageDecoder;
import io.ferperturb.core.metrics.ClassificationMetrics;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.ServingConfig;
import io.ferperturb.serving.ServingModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Image bytes in, one emotion distribution per face out, with the same preprocessing as training. */
@ApplicationScoped
public class PredictionService {
    private final ModelRegistry registry;
    private final ImageDecoder decoder;

    PredictionService(ModelRegistry registry, ServingConfig config) {
        this.registry = registry;
        this.decoder = new ImageDecoder(config.maxImagePixels());
    }

    public Prediction predict(byte[] body, String modelId) {
        long t0 = System.nanoTime();
        ServingModel model = registry.resolve(modelId);
        BufferedImage image = decoder.decode(body);
        // the whole image is one face; detection of several faces in photos arrives with the face detector
        byte[] face = FacePreprocessing.toFace(image);
        float[] probs = model.classifier().probabilities(new byte[][] {face})[0];
        List<String> classes = model.card().classes();
        Map<String, Double> byClass = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            byClass.put(classes.get(c), (double) probs[c]);
        }
        String emotion = classes.get(ClassificationMetrics.argmax(probs, 0, probs.length));
        Prediction.Face result = new Prediction.Face(new int[] {0, 0, image.getWidth(), image.getHeight()}, emotion, byClass);
        return new Prediction(model.card().modelId(), model.card().version(), List.of(result), null,
                (System.nanoTime() - t0) / 1e6);
    }
}
