package io.ferperturb.serving;

import io.ferperturb.domain.ModelRef;
import io.ferperturb.domain.data.ImageDecoder;
import io.ferperturb.domain.data.LargeDecodeGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * What one request may ask of a serving service, from {@code fer.serving.*}: the image decoder every endpoint
 * shares (one gate for the whole service, so the bound on large rasters holds across endpoints) and the number
 * of models a request may name.
 */
@ApplicationScoped
public class RequestLimits {
    static final String MAX_MODELS_SETTING = "fer.serving.max-models-per-request";

    @Produces
    @Singleton
    ImageDecoder decoder(ServingConfig config) {
        return new ImageDecoder(config.maxImagePixels(),
                new LargeDecodeGate(config.largeImagePixels(), config.concurrentLargeDecodes()));
    }

    /**
     * @throws LimitExceededException when {@code ref} names more models than one request may
     */
    public static void checkModelCount(ModelRef ref, ServingConfig config) {
        checkModelCount(ref.members().size(), config);
    }

    /**
     * @throws LimitExceededException when {@code count} models are more than one request may name
     */
    public static void checkModelCount(int count, ServingConfig config) {
        LimitExceededException.check("models", count, config.maxModelsPerRequest(), MAX_MODELS_SETTING);
    }
}
