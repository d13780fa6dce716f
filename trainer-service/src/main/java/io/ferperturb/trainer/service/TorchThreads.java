package io.ferperturb.trainer.service;

import io.ferperturb.trainer.config.TrainerConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sizes libtorch's thread pools from {@code fer.trainer.threads} before the engine loads (DJL reads these properties
 * when it starts PyTorch): replicas sharing a machine should not each start one thread per core.
 */
@ApplicationScoped
class TorchThreads {
    void onStart(@Observes StartupEvent event, TrainerConfig config) {
        int threads = config.trainer().threads();
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", String.valueOf(threads));
            Log.infof("libtorch: %d intra-op and %d inter-op threads", threads, threads);
        }
    }
}
