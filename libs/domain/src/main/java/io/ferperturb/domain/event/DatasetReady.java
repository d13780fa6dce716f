package io.ferperturb.domain.event;

import io.ferperturb.domain.data.DatasetManifest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A dataset is stored and may be trained on (topic {@code dataset-ready}, key {@code datasetId}).
 * Users post these too, so every field but the four required ones may be absent.
 *
 * @param format   {@link DatasetFormat#FER2013_CSV} or {@link DatasetFormat#EMOTION_SHARDS}
 * @param variant  original | perturbed | occluded
 * @param training the jobs asked for; null or empty means one job with the trainer's defaults
 */
public record DatasetReady(
        String eventId,
        String datasetId,
        String uri,
        String format,
        String variant,
        String parentDatasetId,
        List<String> classes,
        Map<String, Long> counts,
        String sha256,
        Perturbation perturbation,
        List<TrainingSpec> training,
        Instant createdAt) {

    /**
     * The event announcing a stored emotion-shards dataset, described by its manifest.
     *
     * @param uri          the dataset's prefix (where its {@code manifest.json} lies)
     * @param perturbation how a perturbed dataset was made; null for the others
     * @param training     the jobs asked for; null for one job with the trainer's defaults
     */
    public static DatasetReady of(String eventId, DatasetManifest manifest, String uri, Perturbation perturbation,
            List<TrainingSpec> training) {
        return new DatasetReady(eventId, manifest.datasetId(), uri, DatasetFormat.EMOTION_SHARDS, manifest.variant(),
                manifest.parentDatasetId(), manifest.classes(), manifest.counts(), manifest.sha256(), perturbation,
                training, Instant.now());
    }

    /** The training specs to run: the given ones, or one all-defaults spec. */
    public List<TrainingSpec> trainingOrDefault() {
        return training == null || training.isEmpty() ? List.of(TrainingSpec.defaults()) : training;
    }

    /**
     * The id of the job for entry {@code index} of {@link #trainingOrDefault()}: derived from the event id,
     * so a repeated event names the same jobs (the trainer skips ended ones) and the sender knows the
     * job ids before any job starts.
     */
    public String jobId(int index) {
        return jobId(eventId, index);
    }

    /** As {@link #jobId(int)}, for an event known by its id alone. */
    public static String jobId(String eventId, int index) {
        return UUID.nameUUIDFromBytes((eventId + "#" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public String variantOrDefault() {
        return variant == null ? "original" : variant;
    }
}
