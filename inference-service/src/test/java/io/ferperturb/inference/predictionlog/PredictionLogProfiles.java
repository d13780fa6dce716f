package io.ferperturb.inference.predictionlog;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The prediction log switched on, every request drawn, images stored; and on with nothing drawn. */
final class PredictionLogProfiles {
    private PredictionLogProfiles() {
    }

    public static class Everything implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fer.inference.prediction-log.enabled", "true",
                    "fer.inference.prediction-log.sampling-rate", "1",
                    "fer.inference.prediction-log.store-images", "true");
        }
    }

    public static class NothingDrawn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fer.inference.prediction-log.enabled", "true",
                    "fer.inference.prediction-log.sampling-rate", "0");
        }
    }
}
