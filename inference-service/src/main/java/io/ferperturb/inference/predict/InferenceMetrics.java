package io.ferperturb.inference.predict;

import io.ferperturb.serving.ModelRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The serving figures in {@code /q/metrics}: requests, latency, faces per image, batches, queue time, forward
 * time, model version. Queue time and forward time split a request's latency the way Triton's queue and compute
 * durations do; the forward time summed over a while, against the wall time, is how busy the batcher kept the model.
 */
@ApplicationScoped
public class InferenceMetrics implements DynamicBatcher.Listener {
    private final MeterRegistry meters;
    private final DistributionSummary batchSize;
    private final Timer queueTime;
    private final Timer forwardTime;
    private final DistributionSummary faces;

    InferenceMetrics(MeterRegistry meters, ModelRegistry registry) {
        this.meters = meters;
        this.batchSize = DistributionSummary.builder("fer.inference.batch.size").description("faces per forward pass")
                .publishPercentileHistogram().register(meters);
        this.queueTime = Timer.builder("fer.inference.queue.time").description("time a face waited for its batch")
                .publishPercentileHistogram().register(meters);
        this.forwardTime = Timer.builder("fer.inference.forward.time").description("time of one batched forward pass")
                .publishPercentileHistogram().register(meters);
        this.faces = DistributionSummary.builder("fer.inference.faces").description("faces found per image")
                .publishPercentileHistogram().register(meters);
        Gauge.builder("fer.inference.model.version", registry,
                        r -> r.currentIfLoaded().map(m -> (double) m.card().version()).orElse(0.0))
                .description("version of the default model (0: none loaded)").register(meters);
    }

    @Override
    public void onBatch(int size, long oldestWaitNanos) {
        batchSize.record(size);
        queueTime.record(Duration.ofNanos(oldestWaitNanos));
    }

    @Override
    public void onForward(int size, long forwardNanos) {
        forwardTime.record(Duration.ofNanos(forwardNanos));
    }

    public void facesPerImage(int count) {
        faces.record(count);
    }

    /** One answered request of {@code endpoint} ({@code predict}, {@code v2-infer}) and how long it took. */
    public void request(String endpoint, String model, long nanos) {
        Counter.builder("fer.inference.requests").tag("endpoint", endpoint).tag("model", model).register(meters).increment();
        Timer.builder("fer.inference.latency").tag("endpoint", endpoint).publishPercentileHistogram()
                .register(meters).record(Duration.ofNanos(nanos));
    }
}
