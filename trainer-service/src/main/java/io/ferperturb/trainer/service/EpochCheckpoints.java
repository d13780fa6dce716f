package io.ferperturb.trainer.service;

import ai.djl.Model;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.ModelCard;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.trainer.TrainingJob;
import io.ferperturb.trainer.config.TrainerConfig;
import io.ferperturb.trainer.training.ResumeState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Per-epoch checkpoints of a job under {@code models/{modelId}/jobs/{jobId}/epoch-{e}/}: a loadable DJL
 * checkpoint (parameters + model.json with {@code final: false}) plus what resuming needs
 * ({@code resume.json}, {@code parameters.ndlist}, {@code optimizer.ndlist}). {@code resume.json} is
 * written last, so an epoch folder with it is complete. A job stopped in the middle of an epoch leaves what
 * resuming needs under {@code epoch-{e}-step-{s}/} (e finished epochs, s steps of the next), removed once the
 * next epoch is saved whole.
 */
@ApplicationScoped
public class EpochCheckpoints {
    private static final String RESUME = "resume.json";

    private final ObjectStore store;
    private final StorageLayout layout;
    private final CheckpointStore checkpoints;
    private final int keep;

    EpochCheckpoints(ObjectStore store, StorageLayout layout, CheckpointStore checkpoints, TrainerConfig config) {
        this.store = store;
        this.layout = layout;
        this.checkpoints = checkpoints;
        this.keep = Math.max(1, config.trainer().keepEpochCheckpoints());
    }

    /**
     * The state of one epoch as stored in resume.json (the parameter blobs sit beside it); {@code step} is set
     * for a job stopped in the middle of epoch {@code epoch + 1} (null in folders of whole epochs).
     */
    record Saved(int epoch, float learningRate, double bestValidation, int badEpochs, Integer step) {
        int stepOrZero() {
            return step == null ? 0 : step;
        }
    }

    /** Stores the epoch and returns its prefix (the uri of the intermediate checkpoint-ready event). */
    public S3Uri save(TrainingJob job, Model model, ModelCard card, ResumeState state) {
        S3Uri prefix = epochPrefix(job, state.epoch());
        checkpoints.save(prefix, model, card);
        store.put(prefix.resolve("parameters.ndlist"), state.parameters(), "application/octet-stream");
        store.put(prefix.resolve("optimizer.ndlist"), state.optimizer(), "application/octet-stream");
        store.putJson(prefix.resolve(RESUME), new Saved(state.epoch(), state.learningRate(), state.bestValidation(),
                state.badEpochs(), null));
        prune(job, state.epoch());
        return prefix;
    }

    /** Stores the state of a job stopped in the middle of an epoch (no loadable checkpoint: it is no model yet). */
    public S3Uri saveStopped(TrainingJob job, ResumeState state) {
        S3Uri prefix = stepPrefix(job, state.epoch(), state.step());
        store.put(prefix.resolve("parameters.ndlist"), state.parameters(), "application/octet-stream");
        store.put(prefix.resolve("optimizer.ndlist"), state.optimizer(), "application/octet-stream");
        store.putJson(prefix.resolve(RESUME), new Saved(state.epoch(), state.learningRate(), state.bestValidation(),
                state.badEpochs(), state.step()));
        return prefix;
    }

    /** The furthest point a job got to before it stopped: its last complete epoch, or a step after it. */
    public Optional<ResumeState> latest(TrainingJob job) {
        S3Uri jobPrefix = layout.job(job.modelId(), job.jobId());
        return store.list(jobPrefix).stream()
                .filter(k -> k.endsWith("/" + RESUME))
                .map(k -> S3Uri.of(jobPrefix.bucket(), k.substring(0, k.length() - RESUME.length())))
                .map(folder -> Map.entry(folder, store.getJson(folder.resolve(RESUME), Saved.class)))
                .max(Comparator.comparing((Map.Entry<S3Uri, Saved> e) -> e.getValue().epoch())
                        .thenComparingInt(e -> e.getValue().stepOrZero()))
                .map(e -> {
                    S3Uri prefix = e.getKey();
                    Saved saved = e.getValue();
                    return new ResumeState(saved.epoch(), saved.learningRate(), saved.bestValidation(), saved.badEpochs(),
                            store.get(prefix.resolve("parameters.ndlist")), store.get(prefix.resolve("optimizer.ndlist")),
                            saved.stepOrZero());
                });
    }

    /** Drops the epoch {@code keep} before the newest, and every stopped step of the epochs before the newest. */
    private void prune(TrainingJob job, int newestEpoch) {
        int oldest = newestEpoch - keep;
        if (oldest >= 1) {
            store.deletePrefix(epochPrefix(job, oldest));
        }
        store.deletePrefix(layout.job(job.modelId(), job.jobId()).resolve(String.format("epoch-%04d-step-", newestEpoch - 1)));
    }

    private S3Uri stepPrefix(TrainingJob job, int epoch, int step) {
        return layout.job(job.modelId(), job.jobId()).resolve(String.format("epoch-%04d-step-%06d/", epoch, step));
    }

    private S3Uri epochPrefix(TrainingJob job, int epoch) {
        return layout.job(job.modelId(), job.jobId()).resolve(String.format("epoch-%04d/", epoch));
    }
}
