package io.ferperturb.serving;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once a model is loaded and has answered its warm-up inference. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {
    private final ModelRegistry registry;

    ModelReadinessCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("model");
        return registry.currentIfLoaded()
                .map(m -> response.up().withData("model", m.card().modelId()).withData("version", m.card().version()).build())
                .orElseGet(() -> response.down().withData("reason", "no model loaded yet").build());
    }
}
