package io.ferperturb.saliency.service;

import io.ferperturb.models.saliency.GradientPasses;
import io.ferperturb.saliency.config.SaliencyConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Applies {@code fer.saliency.lock-wait} to the gradient lock at start-up, before any request computes a map. */
@ApplicationScoped
class GradientLockSettings {

    void apply(@Observes StartupEvent started, SaliencyConfig config) {
        GradientPasses.waitAtMost(config.lockWait());
    }
}
