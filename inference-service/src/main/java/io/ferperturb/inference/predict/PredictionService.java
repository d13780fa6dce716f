package io.ferperturb.inference.predict;

import io.ferperturb.domain.data.ImageDecoder;
import io.ferperturb.inference.config.InferenceConfig;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.ServingConfig;
import io.ferperturb.serving.ServingModel;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The service's side of a prediction: which model(s) answer, the pipeline, and the request metrics. */
@ApplicationScoped
public class PredictionService {
    static final String NO_FACE = "no face was found in the image; send a photo with a frontal face, a face crop, "
            + "or faces=none to classify the whole image as one face";

    /** Largest body decoded on the event loop (a 48×48 face is about 2 KB as PNG). */
    static final int INLINE_MAX_BYTES = 64 * 1024;

    private final ModelRegistry registry;
    private final InferenceMetrics metrics;
    private final DynamicBatcher batcher;
    private final PredictionPipeline pipeline;

    PredictionService(ModelRegistry registry, ServingConfig serving, InferenceConfig config, InferenceMetrics metrics,
            TtaMasks masks) {
        this.registry = registry;
        this.metrics = metrics;
        InferenceConfig.Batching b = config.batching();
        this.batcher = new DynamicBatcher(b.maxBatchSize(), b.maxDelayMs(), b.workers(), b.threadsPerWorker(),
                b.queueCapacity(), metrics);
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
        return select(spec, registry::acquire);
    }

    /** {@link #select} without blocking: null unless every model it names is in memory already. */
    ModelSelection selectIfInMemory(String spec) {
        return select(spec, registry::acquireIfInMemory);
    }

    /** {@code acquire} holds one named model, or answers null when it cannot without blocking. */
    private ModelSelection select(String spec, Function<String, ServingModel> acquire) {
        if (spec == null || !spec.trim().startsWith(ModelSelection.ENSEMBLE_PREFIX)) {
            ServingModel model = acquire.apply(spec);
            return model == null ? null : ModelSelection.single(model);
        }
        List<ServingModel> members = new ArrayList<>();
        try {
            for (String part : spec.trim().substring(ModelSelection.ENSEMBLE_PREFIX.length()).split(",")) {
                if (part.isBlank()) {
                    throw new InvalidRequestException("an ensemble lists its models after 'ensemble:', separated by "
                            + "commas, e.g. ensemble:cnn-a,resnet-b:2");
                }
                ServingModel member = acquire.apply(part.trim());
                if (member == null) {
                    members.forEach(ServingModel::release);
                    return null;
                }
                members.add(member);
            }
            return new ModelSelection(spec.trim(), members);
        } catch (RuntimeException e) {
            members.forEach(ServingModel::release);
            throw e;
        }
    }

    /**
     * The prediction for one image. A small one (at most {@value #INLINE_MAX_BYTES} bytes and 64 pixels a side: one
     * face, no detection), without test-time augmentation and for models in memory, is decoded and queued on the
     * calling thread, the event loop, and answered when its batch completes: no worker thread to wake and to wake
     * again, which was a fifth of the service's CPU per request. Anything else goes to a worker thread, since
     * face detection takes milliseconds and a model or cluster map may first come from S3.
     */
    public Uni<Prediction> predict(byte[] body, String modelSpec, String facesMode, boolean tta) {
        long t0 = System.nanoTime();
        FaceFinder.Mode mode = FaceFinder.Mode.parse(facesMode);
        // test-time augmentation may read a cluster map from S3 first
        BufferedImage small = tta ? null : pipeline.decodeIfSmall(body, INLINE_MAX_BYTES);
        ModelSelection selection = small == null ? null : selectIfInMemory(modelSpec);
        if (selection == null) {
            return Uni.createFrom().item(() -> predictOnThisThread(body, modelSpec, mode, tta, t0))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        DynamicBatcher.Ticket ticket = pipeline.expect();
        try {
            CompletableFuture<Prediction> answer = pipeline.predict(ticket, small, selection, mode, tta)
                    .orTimeout(PredictionPipeline.ANSWER_TIMEOUT_S, TimeUnit.SECONDS)
                    .handle((faces, error) -> {
                        try (selection) {
                            if (error != null) {
                                throw PredictionPipeline.failure(error);
                            }
                            return answer(selection, faces, tta, t0);
                        }
                    });
            return Uni.createFrom().completionStage(answer)
                    .onFailure(CompletionException.class).transform(Throwable::getCause);
        } catch (RuntimeException | Error e) {
            ticket.close();
            selection.close();
            throw e;
        }
    }

    private Prediction predictOnThisThread(byte[] body, String modelSpec, FaceFinder.Mode mode, boolean tta, long t0) {
        try (DynamicBatcher.Ticket ticket = pipeline.expect(); ModelSelection selection = select(modelSpec)) {
            return answer(selection, pipeline.predict(ticket, body, selection, mode, tta), tta, t0);
        }
    }

    private Prediction answer(ModelSelection selection, List<Prediction.Face> faces, boolean tta, long t0) {
        long nanos = System.nanoTime() - t0;
        metrics.request("predict", selection.name(), nanos);
        return new Prediction(selection.name(), selection.version(), faces, faces.isEmpty() ? NO_FACE : null,
                nanos / 1e6, selection.isEnsemble() ? selection.memberIds() : null, tta ? Boolean.TRUE : null);
    }

    public InferenceMetrics metrics() {
        return metrics;
    }
}
