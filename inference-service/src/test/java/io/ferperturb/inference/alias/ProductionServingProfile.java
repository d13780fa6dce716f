package io.ferperturb.inference.alias;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** inference-service as the Helm chart runs it: requests that name no model get {@code production}. */
public class ProductionServingProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("fer.serving.default-model", "production");
    }
}
