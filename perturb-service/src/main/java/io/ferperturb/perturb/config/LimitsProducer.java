package io.ferperturb.perturb.config;

import io.ferperturb.domain.data.UploadLimits;
import io.ferperturb.domain.event.TrainingLimits;
import io.ferperturb.perturb.experiment.ExperimentLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The configured caps ({@code fer.perturb.upload.*}, {@code fer.perturb.limits.*}) as the shared libraries take them. */
@ApplicationScoped
public class LimitsProducer {
    /** Where the caps on training a request asks for are set. */
    public static final String TRAINING_KEYS = "fer.perturb.limits";
    /** Where the caps on an upload are set; a {@code DatasetTooLargeException}'s property follows it. */
    public static final String UPLOAD_KEYS = "fer.perturb.upload";

    @Produces
    @Singleton
    TrainingLimits trainingLimits(PerturbConfig config) {
        PerturbConfig.Limits l = config.limits();
        return new TrainingLimits(l.maxEpochs(), l.maxBatchSize(), l.maxJobs(), TRAINING_KEYS);
    }

    @Produces
    @Singleton
    ExperimentLimits experimentLimits(TrainingLimits training, PerturbConfig config) {
        return new ExperimentLimits(training, config.limits().maxSweep(), config.limits().maxSeeds());
    }

    @Produces
    @Singleton
    UploadLimits uploadLimits(PerturbConfig config) {
        PerturbConfig.Upload u = config.upload();
        return new UploadLimits(u.maxDecompressedBytes().asLongValue(), u.maxRows(), u.maxEntries(),
                u.maxEntryBytes().asLongValue());
    }
}
