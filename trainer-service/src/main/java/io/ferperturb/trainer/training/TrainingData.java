package io.ferperturb.trainer.training;

import io.ferperturb.domain.data.SplitData;
import java.util.List;

/** The three splits of a dataset as contiguous arrays, ready for batching. */
public record TrainingData(List<String> classes, SplitData train, SplitData validation, SplitData test) {
}
