package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.event.TrainingLimits;

/**
 * What one experiment may ask the trainer for: the shared {@link TrainingLimits} on every job it will send (the
 * {@code more-steps} control's multiplied epochs included) and on its jobs in all, and caps on its sweep and
 * seeds. Checked when the experiment is asked for, so it never stops halfway on a refused event.
 *
 * @param training  epochs, batch size and jobs ({@code fer.perturb.limits.max-epochs}, … {@code max-jobs})
 * @param maxSweep  cluster counts of one sweep ({@code max-sweep})
 * @param maxSeeds  seeds of one experiment ({@code max-seeds})
 */
public record ExperimentLimits(TrainingLimits training, int maxSweep, int maxSeeds) {

    /** @throws io.ferperturb.domain.event.LimitExceededException naming the first cap the experiment breaks */
    public void check(ExperimentSpec spec) {
        training.atMost("sweep (the cluster counts of one experiment)", spec.clusterCounts().size(), maxSweep, "max-sweep");
        training.atMost("seeds (of one experiment)", spec.seeds().size(), maxSeeds, "max-seeds");
        training.checkBatchSize("batchSize", spec.batchSize());
        training.checkEpochs("epochs", spec.epochs());
        training.checkEpochs("attentionEpochs", spec.attentionEpochs());
        spec.epochsPerArchitecture().forEach((architecture, epochs) ->
                training.checkEpochs("epochsPerArchitecture." + architecture, epochs));
        if (spec.hasControl(ExperimentSpec.MORE_STEPS)) {
            for (String architecture : spec.architectures()) {
                for (int n : spec.clusterCounts()) {
                    training.checkEpochs("the epochs of the " + ExperimentSpec.MORE_STEPS + " control of " + architecture
                            + " at n = " + n + " (its epochs × " + spec.copies(n) + " copies per image)",
                            spec.moreStepsEpochs(architecture, n));
                }
            }
        }
        training.checkJobs("the training jobs of one experiment", jobs(spec));
    }

    /**
     * The jobs the experiment sends: per architecture and seed a baseline and one perturbed job per n, one
     * {@code more-steps} control per n if asked for, and the attention model unless an existing one is named.
     */
    static long jobs(ExperimentSpec spec) {
        long perRow = (long) spec.architectures().size() * spec.seeds().size();
        int counts = spec.clusterCounts().size();
        long jobs = perRow * (1 + counts) + (spec.hasControl(ExperimentSpec.MORE_STEPS) ? perRow * counts : 0);
        return ExperimentSpec.SPATIAL_GATE.equals(spec.attention()) && spec.attentionModel() == null ? jobs + 1 : jobs;
    }
}
