package io.ferperturb.trainer.training;

import io.ferperturb.domain.data.SplitData;
import java.util.List;

/**
 * The three splits of a dataset as contiguous arrays, ready for batching.
 *
 * @param trainGroupSize Training images per group of adjacent copies of one face (a perturbed dataset's
 *                       {@code groupSize}); 1 when every image stands alone
 */
public record TrainingData(List<String> classes, SplitData train, SplitData validation, SplitData test,
        int trainGroupSize) {

    public TrainingData {
        if (trainGroupSize < 1 || train.size() % trainGroupSize != 0) {
            throw new IllegalArgumentException(train.size() + " Training images do not form groups of " + trainGroupSize);
        }
    }

    /** A dataset whose Training images stand alone. */
    public TrainingData(List<String> classes, SplitData train, SplitData validation, SplitData test) {
        this(classes, train, validation, test, 1);
    }

    /** Images the trainer batches as one unit: a whole group when the job batches groups, else one. */
    int batchUnit(boolean batchesGroups) {
        return batchesGroups ? trainGroupSize : 1;
    }
}
