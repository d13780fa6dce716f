package io.ferperturb.saliency.method;

import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.models.saliency.GradCam;
import io.ferperturb.models.saliency.IntegratedGradients;
import io.ferperturb.models.saliency.SaliencyMethod;
import io.ferperturb.models.saliency.SmoothGrad;
import io.ferperturb.models.saliency.VanillaGradient;
import io.ferperturb.saliency.config.SaliencyConfig;
import io.ferperturb.serving.InvalidRequestException;
import java.util.List;

/**
 * A request's method and its settings (query parameters over {@code fer.saliency.*} defaults), turned
 * into one of the core's {@link SaliencyMethod}s for a model's input normalisation.
 */
public record MethodChoice(String name, int samples, double sigma, int steps, int baseline) {
    public static final List<String> NAMES = List.of(VanillaGradient.NAME, SmoothGrad.NAME, IntegratedGradients.NAME,
            GradCam.NAME);
    /** SmoothGrad noise is seeded, so a repeated request gives the same map. */
    private static final long SEED = 42;

    /** Query values override the defaults; null means "not given". */
    public static MethodChoice of(String method, Integer samples, Double sigma, Integer steps, Integer baseline,
            SaliencyConfig config) {
        String name = method == null || method.isBlank() ? VanillaGradient.NAME : method;
        if (!NAMES.contains(name)) {
            throw new InvalidRequestException("unknown method '" + name + "'; use one of " + String.join(", ", NAMES));
        }
        MethodChoice choice = new MethodChoice(name,
                samples != null ? samples : config.smoothgrad().samples(),
                sigma != null ? sigma : config.smoothgrad().sigma(),
                steps != null ? steps : config.integratedGradients().steps(),
                baseline != null ? baseline : config.integratedGradients().baseline());
        if (choice.baseline < 0 || choice.baseline > 255) {
            throw new InvalidRequestException("baseline is a grey level from 0 (black) to 255 (white), got " + choice.baseline);
        }
        // every setting is checked, also those the chosen method ignores: a typo should not pass silently
        try {
            new SmoothGrad(choice.samples, choice.sigma, SEED);
            new IntegratedGradients(choice.steps, 0);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        return choice;
    }

    /** Gradient rows one map costs: SmoothGrad's samples, integrated gradients' steps, else one. */
    public int rowsPerMap() {
        return switch (name) {
            case SmoothGrad.NAME -> samples;
            case IntegratedGradients.NAME -> steps;
            default -> 1;
        };
    }

    /** The method, ready to run on a model with this input scaling. */
    public SaliencyMethod method(Normalisation normalisation) {
        try {
            return switch (name) {
                case SmoothGrad.NAME -> new SmoothGrad(samples, sigma, SEED);
                case IntegratedGradients.NAME -> new IntegratedGradients(steps,
                        (baseline / 255f - normalisation.mean()) / normalisation.std());
                case GradCam.NAME -> new GradCam();
                default -> new VanillaGradient();
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
