package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.RegionMasker;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.Djl;
import io.ferperturb.models.Evaluation;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.StoredPredictions;
import io.ferperturb.perturb.config.PerturbConfig;
import io.ferperturb.perturb.service.DerivedDatasets;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The evaluations an experiment makes itself ({@code baseline-tta}: a baseline's checkpoint on the masked copies
 * of a cluster map), with the same code the trainer evaluates with, and the per-image predictions of every
 * evaluation, read from S3. Its predictions go to {@code experiments/{id}/predictions/}.
 */
@ApplicationScoped
public class ExperimentEvaluations implements ExperimentStateMachine.Evaluations {
    private final CheckpointStore checkpoints;
    private final DerivedDatasets datasets;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final PerturbConfig config;

    ExperimentEvaluations(CheckpointStore checkpoints, DerivedDatasets datasets, ObjectStore store, StorageLayout layout,
            PerturbConfig config) {
        this.checkpoints = checkpoints;
        this.datasets = datasets;
        this.store = store;
        this.layout = layout;
        this.config = config;
    }

    @Override
    public EvaluationResult withTestTimeAugmentation(String experimentId, ExperimentJob job, String datasetId,
            S3Uri clusterMap) {
        SplitData test = datasets.reader(datasetId).readSplit(Split.PRIVATE_TEST);
        RegionMasker masker = new RegionMasker(ClusterMap.fromJson(store.get(clusterMap)));
        Predictions predictions;
        try (LoadedModel loaded = checkpoints.load(S3Uri.parse(job.checkpointUri()), Djl.device(config.device()))) {
            predictions = Evaluation.predictWithTta(loaded.model(), test, loaded.card().normalisation(), masker,
                    loaded.card().inputSide());
        }
        S3Uri uri = layout.experiment(experimentId).resolve("predictions/" + job.modelId() + "-v" + job.version()
                + "-tta-k" + masker.clusters() + ".json");
        store.putJson(uri, predictions);
        return predictions.evaluate(Emotion.labels()).withPredictionsUri(uri.toString());
    }

    @Override
    public Predictions predictions(String uri) {
        return new StoredPredictions(store).read(uri);
    }
}
