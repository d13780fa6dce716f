package io.ferperturb.inference.predict;

import io.ferperturb.core.data.ImageDecoder;
import io.ferperturb.inference.config.InferenceConfig;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.ServingConfig;
import io.ferperturb.serving.ServingModel;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The service's side of a prediction: which model(s) answer, the pipeline, and the request metrics. */
@ApplicationScoped
public class PredictionService {
    static final String NO_FACE = "no face was found in the image; send a photo with a frontal face, a face crop, "
            + "or faces=none to classify the whole image as one face";

    private final ModelRegistry registry;
    private final InferenceMetrics metrics;
    private final DynamicBatcher batcher;
    private final PredictionPipeline pipeline;

    PredictionService(ModelRegistry registry, ServingConfig serving, InferenceConfig config, InferenceMetrics metrics,
            TtaMasks masks) {
        this.registry = registry;
        this.metrics = metrics;
        InferenceConfig.Batching b = config.batching();
        this.batcher = new DynamicBatcher(b.maxBatchSize(), b.maxDelayMs(), b.workers(), b.queueCapacity(), metrics);
        InferenceConfig.Faces f = config.faces();
        FaceDetector detector = new FaceDetector(new FaceDetector.Settings(f.maxSide(), f.minFaceFraction(),
                f.minNeighbours(), FaceDetector.Settings.DEFAULT.maxOverlap()));
        this.pipeline = new PredictionPipeline(new ImageDecoder(serving.maxImagePixels()), new FaceFinder(detector),
                f.maxPerImage(), batcher, masks::forModel, metrics::facesPerImage);
    }

    @PreDestroy
    void stop() {
        batcher.close();
    }

    public PredictionPipeline pipeline() {
        return pipeline;
    }

    /**
     * {@code model=}: an alias, id, {@code id:version}, or {@code ensemble:a,b,c} (each part any of those). The
     * models are held until the selection is closed, so a swap cannot close them mid-request.
     */
    public ModelSelection select(String spec) {
        if (spec == null || !spec.trim().startsWith(ModelSelection.ENSEMBLE_PREFIX)) {
            return ModelSelection.single(registry.acquire(spec));
        }
        List<ServingModel> members = new ArrayList<>();
        try {
            for (String part : spec.trim().substring(ModelSelection.ENSEMBLE_PREFIX.length()).split(",")) {
                if (part.isBlank()) {
                    throw new InvalidRequestException("an ensemble lists its models after 'ensemble:', separated by "
                            + "commas, e.g. ensemble:cnn-a,resnet-b:2");
                }
                members.add(registry.acquire(part.trim()));
            }
            return new ModelSelection(spec.trim(), members);
        } catch (RuntimeException e) {
            members.forEach(ServingModel::release);
            throw e;
        }
    }

    public Prediction predict(byte[] body, String modelSpec, String facesMode, boolean tta) {
        long t0 = System.nanoTime();
        try (DynamicBatcher.Ticket ticket = pipeline.expect(); ModelSelection selection = select(modelSpec)) {
            FaceFinder.Mode mode = FaceFinder.Mode.parse(facesMode);
            List<Prediction.Face> faces = pipeline.predict(ticket, body, selection, mode, tta);
            long nanos = System.nanoTime() - t0;
            metrics.request("predict", selection.name(), nanos);
            return new Prediction(selection.name(), selection.version(), faces, faces.isEmpty() ? NO_FACE : null,
                    nanos / 1e6, selection.isEnsemble() ? selection.memberIds() : null, tta ? Boolean.TRUE : null);
        }
    }

    public InferenceMetrics metrics() {
        return metrics;
    }
}
