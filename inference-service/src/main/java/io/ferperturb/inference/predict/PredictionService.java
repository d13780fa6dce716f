package io.ferperturb.inference.predict;

import io.ferperturb.domain.ModelRef;
import io.ferperturb.domain.data.ImageDecoder;
import io.ferperturb.inference.config.InferenceConfig;
import io.ferperturb.inference.predictionlog.PredictionLog;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.RequestLimits;
import io.ferperturb.serving.ServingConfig;
import io.ferperturb.serving.ServingModel;
import io.ferperturb.serving.faces.BlazeFaceDetector;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import io.ferperturb.serving.faces.HaarFaceDetector;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** The service's side of a prediction: the pipeline on the registry's models, its threads, and the request metrics. */
@ApplicationScoped
public class PredictionService {
    /** The endpoints' names in the request metrics. */
    public static final String PREDICT = "predict";
    public static final String V2_INFER = "v2-infer";

    private final ModelRegistry registry;
    private final ServingConfig serving;
    private final InferenceMetrics metrics;
    private final DynamicBatcher batcher;
    private final PredictionPipeline pipeline;
    private final PredictionLog log;
    private final FaceFinder finder;

    PredictionService(ModelRegistry registry, ServingConfig serving, InferenceConfig config, InferenceMetrics metrics,
            TtaMasks masks, ImageDecoder decoder, PredictionLog log) {
        this.registry = registry;
        this.log = log;
        this.serving = serving;
        this.metrics = metrics;
        InferenceConfig.Batching b = config.batching();
        this.batcher = new DynamicBatcher(b.maxBatchSize(), b.maxDelayMs(), b.workers(), b.threadsPerWorker(),
                b.queueCapacity(), metrics);
        InferenceConfig.Faces f = config.faces();
        FaceDetector haar = new HaarFaceDetector(new HaarFaceDetector.Settings(f.maxSide(), f.minFaceFraction(),
                f.minNeighbours(), HaarFaceDetector.Settings.DEFAULT.maxOverlap()));
        this.finder = new FaceFinder(Map.of(FaceDetector.Kind.HAAR, haar,
                FaceDetector.Kind.BLAZEFACE, new BlazeFaceDetector()), f.detector());
        this.pipeline = new PredictionPipeline(registryModels(registry), decoder,
                finder, f.maxPerImage(), batcher, masks::forModel, metrics::facesPerImage);
    }

    private static ModelSource registryModels(ModelRegistry registry) {
        return new ModelSource() {
            @Override
            public ServingModel acquire(ModelRef.Single ref) {
                return registry.acquire(ref);
            }

            @Override
            public ServingModel acquireIfInMemory(ModelRef.Single ref) {
                return registry.acquireIfInMemory(ref);
            }
        };
    }

    @PreDestroy
    void stop() {
        batcher.close();
    }

    /**
     * Every prediction, whichever endpoint ({@link #PREDICT}, {@link #V2_INFER}) asks for it, counted in the
     * request metrics when answered. Called on the event loop, anything slow moves to a worker thread (see {@link
     * PredictionPipeline#predict}); called on a worker thread, it runs there.
     */
    public Uni<PredictionResult> predict(PredictionRequest request, String endpoint) {
        RequestLimits.checkModelCount(request.model(), serving);
        return Uni.createFrom().completionStage(() -> pipeline.predict(request, blockingExecutor()))
                .onFailure(CompletionException.class).transform(Throwable::getCause)
                .invoke(result -> metrics.request(endpoint, result.model(), result.latencyNanos()));
    }

    /** As {@link #predict(PredictionRequest, String)}, and the answer goes to the prediction log (when it is on). */
    public Uni<PredictionResult> predict(PredictionRequest request, String endpoint, String requestId) {
        return predict(request, endpoint).invoke(result -> log.log(request, result, endpoint, requestId));
    }

    private static Executor blockingExecutor() {
        return Context.isOnEventLoopThread() ? Infrastructure.getDefaultWorkerPool() : Runnable::run;
    }

    /** How faces are found in images, for callers that decode their own (video frames). */
    public FaceFinder faceFinder() {
        return finder;
    }

    /** The pipeline's forward passes for faces found elsewhere: see {@link PredictionPipeline#logitsOfFaces}. */
    public java.util.concurrent.CompletableFuture<float[][]> logitsOfFaces(ModelSelection selection, byte[][] faces,
            boolean tta) {
        return pipeline.logitsOfFaces(selection, faces, tta);
    }

    /**
     * The models {@code ref} names, held until the selection is closed (for metadata and readiness; predictions
     * hold theirs inside {@link #predict}).
     */
    public ModelSelection select(ModelRef ref) {
        RequestLimits.checkModelCount(ref, serving);
        return ModelSelection.open(ref, registry::acquire);
    }
}
