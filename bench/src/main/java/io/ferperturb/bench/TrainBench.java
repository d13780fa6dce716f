package io.ferperturb.bench;

/** Placeholder until the training benchmark lands: {@code ./run.sh bench train} is not built yet. */
public final class TrainBench {
    private TrainBench() {
    }

    public static void main(String[] args) {
        throw new UnsupportedOperationException("train benchmark not built yet");
    }
}
