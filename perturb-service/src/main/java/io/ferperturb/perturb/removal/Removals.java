package io.ferperturb.perturb.removal;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.models.ModelCard;
import io.ferperturb.perturb.DatasetDescriptor;
import io.ferperturb.perturb.experiment.Experiment;
import io.ferperturb.perturb.experiment.ExperimentStore;
import io.ferperturb.perturb.experiment.UnknownExperimentException;
import io.ferperturb.perturb.service.DatasetService;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Removes what nothing else uses: a dataset no derived dataset, experiment or trained model refers to, and an
 * ended experiment (its state, report, figures and predictions; the datasets it derived stay, to be removed on
 * their own). Anything still in use is refused with 409 and the list of what uses it.
 */
@ApplicationScoped
public class Removals {
    /** A final checkpoint's card: {@code {modelId}/v{n}/model.json}, not the job folders' epoch checkpoints. */
    private static final Pattern CARD = Pattern.compile("[^_/][^/]*/v\\d+/" + Pattern.quote(ModelCard.FILE));

    private final DatasetService datasets;
    private final ExperimentStore experiments;
    private final ObjectStore store;
    private final StorageLayout layout;

    Removals(DatasetService datasets, ExperimentStore experiments, ObjectStore store, StorageLayout layout) {
        this.datasets = datasets;
        this.experiments = experiments;
        this.store = store;
        this.layout = layout;
    }

    /**
     * @throws io.ferperturb.perturb.service.UnknownDatasetException when there is no such dataset
     * @throws InUseException naming the datasets, experiments and models that use it
     */
    public void dataset(String datasetId) {
        datasets.manifest(datasetId); // 404 first
        List<String> users = new ArrayList<>();
        for (DatasetDescriptor other : datasets.list()) {
            DatasetManifest m = datasets.manifest(other.datasetId());
            if (datasetId.equals(m.parentDatasetId())) {
                users.add("dataset " + m.datasetId() + " (derived from it)");
            }
        }
        for (Experiment x : experiments.list()) {
            if (uses(x, datasetId)) {
                users.add("experiment " + x.id() + " (" + x.state().json() + ")");
            }
        }
        for (String key : store.list(S3Uri.of(layout.modelsBucket(), ""))) {
            if (CARD.matcher(key).matches()) {
                ModelCard card = store.getJson(S3Uri.of(layout.modelsBucket(), key), ModelCard.class);
                if (card.lineage() != null && datasetId.equals(card.lineage().datasetId())) {
                    users.add("model " + card.modelId() + " v" + card.version() + " (trained on it)");
                }
            }
        }
        if (!users.isEmpty()) {
            throw new InUseException("dataset " + datasetId + " is still used by " + String.join(", ", users)
                    + "; remove those first");
        }
        store.deletePrefix(layout.dataset(datasetId));
        Log.infof("dataset %s removed", datasetId);
    }

    /**
     * @throws UnknownExperimentException when there is no such experiment
     * @throws InUseException when it has not ended: its jobs still report to it
     */
    public void experiment(String id) {
        Experiment x = experiments.find(id).orElseThrow(() -> new UnknownExperimentException(id));
        if (!x.ended()) {
            throw new InUseException("experiment " + id + " is " + x.state().json() + ": its jobs still report to it; "
                    + "wait for it to end, or cancel its jobs (DELETE /jobs/{id} on the trainer-service)");
        }
        store.deletePrefix(layout.experiment(id));
        Log.infof("experiment %s removed", id);
    }

    private static boolean uses(Experiment x, String datasetId) {
        return datasetId.equals(x.spec().datasetId()) || datasetId.equals(x.occludedDatasetId())
                || x.perturbedDatasets().values().stream().anyMatch(d -> Objects.equals(d, datasetId));
    }
}
