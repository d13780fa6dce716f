package io.ferperturb.serving;

import io.ferperturb.models.EmotionClassifier;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.ModelCard;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded model that has answered its warm-up inference, ready for requests. Reference counted: whoever
 * created it holds the first reference and gives it up with {@link #retire()}; every use runs between
 * {@link #tryAcquire()} (or {@link #acquire()}) and {@link #release()}. The native model is closed when the
 * last reference goes, so a model swapped out mid-request stays usable until that request ends.
 */
public final class ServingModel {
    private final LoadedModel loaded;
    private final EmotionClassifier classifier;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();

    public ServingModel(LoadedModel loaded, EmotionClassifier classifier) {
        this.loaded = loaded;
        this.classifier = classifier;
    }

    public LoadedModel loaded() {
        return loaded;
    }

    public EmotionClassifier classifier() {
        return classifier;
    }

    public ModelCard card() {
        return loaded.card();
    }

    /** Whether gradients flow through it (saliency maps): PyTorch models, not ONNX ones. */
    public boolean hasGradients() {
        return !UserSuppliedModels.isOnnx(card());
    }

    /** One more user, unless the model is already closed (then {@code false}: look it up again). */
    public boolean tryAcquire() {
        int n;
        do {
            n = references.get();
            if (n <= 0) {
                return false;
            }
        } while (!references.compareAndSet(n, n + 1));
        return true;
    }

    /** One more user of a model the caller already holds (a request handing it to the batcher). */
    public ServingModel acquire() {
        if (!tryAcquire()) {
            throw new IllegalStateException(card().modelId() + " v" + card().version() + " is closed: acquire it "
                    + "before the last holder releases it");
        }
        return this;
    }

    /** A use ended; the last one closes the native model. */
    public void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            loaded.close();
        } else if (left < 0) {
            throw new IllegalStateException(card().modelId() + " v" + card().version() + " was released more often "
                    + "than acquired");
        }
    }

    /** The creator's reference goes (swapped out, evicted, shut down); idempotent. */
    public void retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    /** Whether the native model has been closed (the last reference went). */
    public boolean isClosed() {
        return references.get() <= 0;
    }
}
