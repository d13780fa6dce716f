package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.metrics.PairedComparison;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.perturb.experiment.ResultsTable.Comparison;
import io.ferperturb.perturb.experiment.ResultsTable.Row;
import io.ferperturb.perturb.experiment.ResultsTable.Scores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a perturbed model's difference from its baseline and from the controls is real: per architecture
 * (the ensemble too), n and seed, a {@link PairedComparison} on the per-image PrivateTest predictions of both
 * models. Against the baseline and the {@code more-steps} control each test set of the perturbed model is
 * compared with the reference's clean results (occluded with occluded); against {@code baseline-tta}, TTA with
 * TTA. The bootstrap is seeded by what is compared, so a table is the same every time it is computed.
 */
final class SeedComparisons {
    private static final List<String> TEST_SETS = List.of(ResultsTable.CLEAN, ResultsTable.CLEAN_TTA, ResultsTable.OCCLUDED);

    private SeedComparisons() {
    }

    static List<Comparison> of(List<Row> rows, PredictionCache cache) {
        List<Comparison> comparisons = new ArrayList<>();
        for (Row perturbed : rows) {
            if (!JobRole.PERTURBED.json().equals(perturbed.variant()) || perturbed.seed() == null) {
                continue;
            }
            for (String against : List.of(JobRole.BASELINE.json(), JobRole.MORE_STEPS.json(), ResultsTable.BASELINE_TTA)) {
                Optional<Row> reference = reference(rows, perturbed, against);
                if (reference.isEmpty()) {
                    continue;
                }
                for (String testSet : TEST_SETS) {
                    Scores mine = perturbed.on(testSet);
                    Scores theirs = referenceScores(reference.get(), against, testSet);
                    compare(perturbed, against, testSet, cache.of(theirs), cache.of(mine)).ifPresent(comparisons::add);
                }
            }
        }
        return comparisons;
    }

    /** The baseline of the same seed (it has no n), or the control of the same n and seed. */
    private static Optional<Row> reference(List<Row> rows, Row perturbed, String variant) {
        Integer n = JobRole.BASELINE.json().equals(variant) ? null : perturbed.clusters();
        return rows.stream()
                .filter(r -> r.sameCell(perturbed.architecture(), variant, n) && Objects.equals(r.seed(), perturbed.seed()))
                .findFirst();
    }

    private static Scores referenceScores(Row reference, String against, String testSet) {
        if (ResultsTable.BASELINE_TTA.equals(against)) {
            return ResultsTable.CLEAN_TTA.equals(testSet) ? reference.cleanTta() : null;
        }
        return ResultsTable.OCCLUDED.equals(testSet) ? reference.occluded() : reference.clean();
    }

    private static Optional<Comparison> compare(Row perturbed, String against, String testSet,
            Optional<Predictions> reference, Optional<Predictions> mine) {
        if (reference.isEmpty() || mine.isEmpty() || !Arrays.equals(reference.get().truth(), mine.get().truth())) {
            return Optional.empty(); // not the same images in the same order: nothing to pair
        }
        long bootstrapSeed = Objects.hash(perturbed.architecture(), perturbed.clusters(), perturbed.seed(), against, testSet);
        PairedComparison c = PairedComparison.of(reference.get().correct(), mine.get().correct(), bootstrapSeed);
        return Optional.of(new Comparison(perturbed.architecture(), perturbed.clusters(), perturbed.seed(), against,
                testSet, c.difference(), c.low(), c.high(), c.onlyFirst(), c.onlySecond(), c.mcNemarP(), c.significant()));
    }
}
