package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.perturb.experiment.ResultsTable.Row;
import io.ferperturb.perturb.experiment.ResultsTable.Scores;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authors' ensemble: a face is classified by the sum of the logits of the experiment's architectures. One
 * {@value ResultsTable#ENSEMBLE} row per variant, n and seed whose every architecture has a row, on every test
 * set whose predictions every member has (so the baseline ensemble's TTA sums the baseline-tta rows).
 */
final class EnsembleRows {
    private EnsembleRows() {
    }

    static List<Row> of(List<Row> rows, List<String> architectures, PredictionCache cache) {
        List<Row> ensembles = new ArrayList<>();
        if (architectures.size() < 2) {
            return ensembles;
        }
        List<Row> done = new ArrayList<>();
        for (Row first : rows) {
            if (done.stream().anyMatch(d -> sameRun(d, first))) {
                continue;
            }
            done.add(first);
            List<Row> members = rows.stream().filter(r -> sameRun(r, first)).toList();
            if (members.size() != architectures.size()) {
                continue; // a member failed: no ensemble of the others under the same name
            }
            Scores clean = sum(members, Row::clean, cache);
            Scores tta = sum(members, Row::cleanTta, cache);
            Scores occluded = sum(members, Row::occluded, cache);
            if (clean != null || tta != null || occluded != null) {
                ensembles.add(new Row(ResultsTable.ENSEMBLE, first.variant(), first.clusters(), first.seed(), null, null,
                        clean, tta, occluded));
            }
        }
        return ensembles;
    }

    private static boolean sameRun(Row a, Row b) {
        return a.variant().equals(b.variant()) && Objects.equals(a.clusters(), b.clusters())
                && Objects.equals(a.seed(), b.seed());
    }

    private static Scores sum(List<Row> members, java.util.function.Function<Row, Scores> testSet, PredictionCache cache) {
        List<Predictions> parts = new ArrayList<>();
        for (Row member : members) {
            Optional<Predictions> p = cache.of(testSet.apply(member));
            if (p.isEmpty()) {
                return null;
            }
            parts.add(p.get());
        }
        Predictions summed = Predictions.sum(parts);
        Scores scores = Scores.of(summed.evaluate(Emotion.labels()));
        cache.remember(scores, summed);
        return scores;
    }
}
