package io.ferperturb.saliency.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code fer.saliency.*} (env {@code FER_SALIENCY_…}): the methods' defaults; requests may override them. */
@ConfigMapping(prefix = "fer.saliency")
public interface SaliencyConfig {
    SmoothGradDefaults smoothgrad();

    IntegratedGradientsDefaults integratedGradients();

    Deletion deletion();

    Classes classes();

    /**
     * Longest a request waits for the JVM's one gradient lock (maps are computed one pass at a time) before it is
     * refused with 503 and {@code Retry-After}.
     */
    @WithDefault("30s")
    Duration lockWait();

    interface SmoothGradDefaults {
        /** Noisy copies per map (query {@code samples}). */
        @WithDefault("25")
        int samples();

        /** Noise standard deviation as a fraction of the image's value range (query {@code sigma}). */
        @WithDefault("0.15")
        double sigma();
    }

    interface IntegratedGradientsDefaults {
        /** Points on the path from the baseline to the image (query {@code steps}). */
        @WithDefault("32")
        int steps();

        /** The baseline image's grey level, 0 (black) to 255 (query {@code baseline}). */
        @WithDefault("0")
        int baseline();
    }

    interface Deletion {
        /** Share of the pixels deleted for the faithfulness score. */
        @WithDefault("0.1")
        double fraction();

        /** Random deletions the salient one is compared with. */
        @WithDefault("8")
        int randomDraws();
    }

    interface Classes {
        /** Test faces per emotion averaged by {@code GET /saliency/classes} (bounds its cost on large splits). */
        @WithDefault("100")
        int maxPerClass();

        /** Most test faces per emotion a request may ask for ({@code perClass}); 413 above. */
        @WithDefault("1000")
        int perClassLimit();

        /**
         * Most gradient rows per emotion a request may cost: faces per emotion × the method's samples (SmoothGrad)
         * or steps (integrated gradients); 413 above.
         */
        @WithDefault("25000")
        int maxGradientRowsPerClass();
    }
}
