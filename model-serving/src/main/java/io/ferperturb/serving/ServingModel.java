package io.ferperturb.serving;

import io.ferperturb.core.model.EmotionClassifier;
import io.ferperturb.core.model.LoadedModel;
import io.ferperturb.core.model.ModelCard;

/** A loaded model that has answered its warm-up inference, ready for requests. */
public record ServingModel(LoadedModel loaded, EmotionClassifier classifier) implements AutoCloseable {

    public ModelCard card() {
        return loaded.card();
    }

    @Override
    public void close() {
        loaded.close();
    }
}
