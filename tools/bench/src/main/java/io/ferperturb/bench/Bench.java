package io.ferperturb.bench;

import java.util.Arrays;

/**
 * {@code ./run.sh bench <what> [options]}: each benchmark runs the services' real code path and ends
 * with one {@code name=value} line per figure, so scripts can read the last lines.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "train" -> TrainBench.main(rest);
            case "perturb" -> PerturbBench.main(rest);
            case "infer" -> InferBench.main(rest);
            case "saliency" -> SaliencyBench.main(rest);
            case "scale" -> ScaleBench.main(rest);
            case "faces" -> FaceBench.main(rest);
            case "video" -> VideoBench.main(rest);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: ./run.sh bench train --model cnn|resnet18 --batch 64 --steps N");
        System.err.println("       ./run.sh bench perturb --n 35887");
        System.err.println("       ./run.sh bench infer --concurrency 1|16 [--server jdk|quarkus] [--requests N] [--model cnn] [--image face|photo]");
        System.err.println("       ./run.sh bench saliency --models cnn,resnet18 --reps 30 --samples 25");
        System.err.println("       ./run.sh bench faces [--photos DIR] [--reps 3]");
        System.err.println("       ./run.sh bench video --detector haar [--frames 150] [--fps 25] [--keep clip.mp4]");
        System.err.println("       ./run.sh bench scale --trainers 1|2 --jobs 8 [--epochs 4] [--per-class 300] [--kill-one]");
        System.exit(2);
    }
}
