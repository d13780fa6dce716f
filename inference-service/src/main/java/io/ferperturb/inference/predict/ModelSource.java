package io.ferperturb.inference.predict;

import io.ferperturb.domain.ModelRef;
import io.ferperturb.serving.ServingModel;

/**
 * Where a pipeline finds the model a request names, held for the request ({@link ServingModel#release()} when it
 * ends): the service's registry, or the benchmark's one model.
 */
public interface ModelSource {
    /** The model, loaded first if need be (may block on S3). */
    ServingModel acquire(ModelRef.Single ref);

    /** The model when that needs no blocking (it is in memory), else null. */
    ServingModel acquireIfInMemory(ModelRef.Single ref);

    /** Every name answered by this one model (the benchmark's, which no registry swaps). */
    static ModelSource only(ServingModel model) {
        return new ModelSource() {
            @Override
            public ServingModel acquire(ModelRef.Single ref) {
                return model.acquire();
            }

            @Override
            public ServingModel acquireIfInMemory(ModelRef.Single ref) {
                return model.tryAcquire() ? model : null;
            }
        };
    }
}
