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
import java.util.Optional;

/**
 * Per-epoch checkpoints of a job under {@code models/{modelId}/jobs/{jobId}/epoch-{e}/}: a loadable DJL
 * checkpoint (parameters + model.json with {@code final: false}) plus what resuming needs
 * ({@code resume.json}, {@code parameters.ndlist}, {@code optimizer.ndlist}). {@code resume.json} is
 * written last, so an epoch folder with it is complete.
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

    /** The state of one epoch as stored in resume.json (the parameter blobs sit beside it). */
    record Saved(int epoch, float learningRate, double bestValidation, int badEpochs) {
    }

    /** Stores the epoch and returns its prefix (the uri of the intermediate checkpoint-ready event). */
    public S3Uri save(TrainingJob job, Model model, ModelCard card, ResumeState state) {
        S3Uri prefix = epochPrefix(job, state.epoch());
        checkpoints.save(prefix, model, card);
        store.put(prefix.resolve("parameters.ndlist"), state.parameters(), "application/octet-stream");
        store.put(prefix.resolve("optimizer.ndlist"), state.optimizer(), "application/octet-stream");
        store.putJson(prefix.resolve(RESUME), new Saved(state.epoch(), state.learningRate(), state.bestValidation(),
                state.badEpochs()));
        prune(job, state.epoch());
        return prefix;
    }

    /** The last complete epoch of a job, if it got that far before it stopped. */
    public Optional<ResumeState> latest(TrainingJob job) {
        S3Uri jobPrefix = layout.job(job.modelId(), job.jobId());
        return store.list(jobPrefix).stream()
                .filter(k -> k.endsWith("/" + RESUME))
                .map(k -> store.getJson(S3Uri.of(jobPrefix.bucket(), k), Saved.class))
                .max(Comparator.comparingInt(Saved::epoch))
                .map(saved -> {
                    S3Uri prefix = epochPrefix(job, saved.epoch());
                    return new ResumeState(saved.epoch(), saved.learningRate(), saved.bestValidation(), saved.badEpochs(),
                            store.get(prefix.resolve("parameters.ndlist")), store.get(prefix.resolve("optimizer.ndlist")));
                });
    }

    private void prune(TrainingJob job, int newestEpoch) {
        int oldest = newestEpoch - keep;
        if (oldest >= 1) {
            store.deletePrefix(epochPrefix(job, oldest));
        }
    }

    private S3Uri epochPrefix(TrainingJob job, int epoch) {
        return layout.job(job.modelId(), job.jobId()).resolve(String.format("epoch-%04d/", epoch));
    }
}
