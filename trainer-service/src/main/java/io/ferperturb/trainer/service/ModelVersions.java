package io.ferperturb.trainer.service;

import io.ferperturb.models.CheckpointStore;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Hands out the version number of a model's next final checkpoint ({@code models/{modelId}/v{n}/}). Replicas
 * finishing jobs of the same model at the same time must not write into one folder, so each version is reserved with
 * a conditional write ({@code models/_versions/{modelId}/v{n}.json}, {@code If-None-Match: *}); a job taken over
 * after its replica died while storing the final checkpoint reuses the version reserved for it.
 */
@ApplicationScoped
public class ModelVersions {
    private static final String FOLDER = "_versions/";

    private final ObjectStore store;
    private final StorageLayout layout;
    private final CheckpointStore checkpoints;

    /** Which job a version was given to. */
    record Reservation(String modelId, int version, String jobId) {
    }

    ModelVersions(ObjectStore store, StorageLayout layout, CheckpointStore checkpoints) {
        this.store = store;
        this.layout = layout;
        this.checkpoints = checkpoints;
    }

    /** The version the job's final checkpoint is stored as. */
    public int reserve(String modelId, String jobId) {
        List<Reservation> reserved = store.list(folder(modelId)).stream()
                .filter(k -> k.matches(".*/v\\d+\\.json")) // whole reservations only, not one still being written
                .map(k -> store.getJson(S3Uri.of(layout.modelsBucket(), k), Reservation.class)).toList();
        Optional<Reservation> mine = reserved.stream().filter(r -> jobId.equals(r.jobId())).findFirst();
        if (mine.isPresent()) {
            return mine.get().version();
        }
        int version = Math.max(checkpoints.latestVersion(layout.model(modelId)),
                reserved.stream().mapToInt(Reservation::version).max().orElse(0)) + 1;
        while (!store.putJsonIfAbsent(folder(modelId).resolve("v" + version + ".json"),
                new Reservation(modelId, version, jobId))) {
            version++; // another replica's job of the same model took it a moment ago
        }
        return version;
    }

    private S3Uri folder(String modelId) {
        return S3Uri.of(layout.modelsBucket(), FOLDER + modelId + "/");
    }
}
