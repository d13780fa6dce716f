package io.ferperturb.models;

import ai.djl.Model;

/** A model rebuilt from a checkpoint, with its card. Close it to free native memory. */
public record LoadedModel(ModelCard card, Model model) implements AutoCloseable {
    @Override
    public void close() {
        model.close();
    }
}
