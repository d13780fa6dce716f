package io.ferperturb.serving;

/** One use of a model, for try-with-resources: closing it releases the model (see {@link ServingModel}). */
public record ModelLease(ServingModel model) implements AutoCloseable {
    @Override
    public void close() {
        model.release();
    }
}
