package io.ferperturb.saliency.service;

import io.ferperturb.domain.data.ShardReader;
import io.ferperturb.domain.event.Events;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.models.ModelCard;
import io.ferperturb.models.saliency.ClassMeans;
import io.ferperturb.models.saliency.ClassSaliency;
import io.ferperturb.models.saliency.ClassSaliency.TestFaces;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.LimitExceededException;
import io.ferperturb.saliency.UnknownDatasetException;
import io.ferperturb.saliency.config.SaliencyConfig;
import io.ferperturb.saliency.method.MethodChoice;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.ServingModel;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Mean maps per emotion over the PrivateTest split of an emotion-shards dataset (read and verified shard by
 * shard with the core's {@link ShardReader}, as the trainer reads a test split). Each face's map is taken
 * for its true emotion; at most {@code fer.saliency.classes.max-per-class} faces per emotion, the first
 * ones in stored order, so every model sees the same faces.
 */
@ApplicationScoped
public class ClassMeansService {
    private final ModelRegistry registry;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final SaliencyConfig config;

    ClassMeansService(ModelRegistry registry, ObjectStore store, StorageLayout layout, SaliencyConfig config) {
        this.registry = registry;
        this.store = store;
        this.layout = layout;
        this.config = config;
    }

    public ClassMeans compute(List<ModelRef.Single> modelIds, String datasetId, MethodChoice choice, Integer perClass) {
        int limit = perClass != null ? perClass : config.classes().maxPerClass();
        if (limit < 1) {
            throw new InvalidRequestException("perClass (test faces per emotion) must be at least 1, got " + limit);
        }
        LimitExceededException.check("test faces per emotion (perClass)", limit, config.classes().perClassLimit(),
                "fer.saliency.classes.per-class-limit");
        LimitExceededException.check("gradient rows per emotion (perClass × samples or steps)",
                (long) limit * choice.rowsPerMap(), config.classes().maxGradientRowsPerClass(),
                "fer.saliency.classes.max-gradient-rows-per-class");
        List<ServingModel> models = new ArrayList<>();
        try {
            // held for the whole computation (minutes): a swap meanwhile closes them only once this is done
            for (ModelRef.Single id : modelIds) {
                models.add(registry.acquire(id));
            }
            models.forEach(SaliencyService::withGradients);
            return compute(models, modelIds, datasetId, choice, limit);
        } finally {
            models.forEach(ServingModel::release);
        }
    }

    private ClassMeans compute(List<ServingModel> models, List<ModelRef.Single> modelIds, String datasetId, MethodChoice choice,
            int limit) {
        TestFaces test = testFaces(datasetId, limit);
        long t0 = System.nanoTime();
        List<String> emotions = models.get(0).card().classes();
        float[][][] maps = new float[models.size()][][];
        List<ClassMeans.ModelRow> rows = new ArrayList<>();
        int side = models.get(0).card().inputSide();
        for (int m = 0; m < models.size(); m++) {
            ServingModel served = models.get(m);
            ModelCard card = served.card();
            if (!card.classes().equals(emotions) || card.inputSide() != side) {
                throw new InvalidRequestException("models " + models.get(0).card().modelId() + " and " + card.modelId()
                        + " have different classes or input sizes and cannot share one figure");
            }
            rows.add(new ClassMeans.ModelRow(card.modelId(), card.version(), card.architecture()));
            maps[m] = ClassSaliency.meanMaps(served.loaded(), choice.method(card.normalisation()), test);
        }
        Log.infof("class means of %s over %d faces of %s (%s) in %.1f s", modelIds, test.total(),
                datasetId, choice.name(), (System.nanoTime() - t0) / 1e9);
        return new ClassMeans(datasetId, choice.name(), rows, emotions, test.counts(), side, side, maps);
    }

    private TestFaces testFaces(String datasetId, int limit) {
        if (datasetId == null || !Events.DATASET_ID.matcher(datasetId).matches()) {
            throw new InvalidRequestException("datasetId must match [a-z0-9][a-z0-9-]{0,62}, got '" + datasetId + "'");
        }
        S3Uri prefix = layout.dataset(datasetId).asPrefix();
        if (!store.exists(layout.datasetManifest(datasetId))) {
            throw new UnknownDatasetException("no dataset '" + datasetId + "'; GET /datasets on the perturb-service lists them");
        }
        TestFaces faces = TestFaces.of(ShardReader.open(name -> store.open(prefix.resolve(name))), limit);
        if (faces.total() == 0) {
            throw new UnknownDatasetException("dataset '" + datasetId + "' has no PrivateTest faces to average");
        }
        return faces;
    }
}
