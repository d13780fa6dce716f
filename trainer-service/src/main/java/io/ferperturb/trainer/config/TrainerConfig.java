package io.ferperturb.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the trainer-service ({@code fer.trainer.*}); storage is {@code fer.storage.*} (StorageConfig). */
@ConfigMapping(prefix = "fer")
public interface TrainerConfig {
    /** How jobs are trained. */
    Training trainer();

    interface Training {
        /**
         * {@code auto} (every GPU DJL sees, data parallel; else the CPU), {@code cpu}, {@code gpu} or {@code gpu:N}
         * (one GPU), {@code gpu:all} (every GPU; fails without one).
         */
        @WithDefault("auto")
        String device();

        /** Publish a training-progress event every this many steps (and at every epoch end). */
        @WithDefault("20")
        int progressEverySteps();

        /** Settings for jobs whose dataset-ready entry leaves them out. */
        Defaults defaults();

        /** Per-epoch checkpoints kept per job (older ones are deleted; the last is what a job resumes from). */
        @WithDefault("3")
        int keepEpochCheckpoints();

        /**
         * On shutdown (SIGTERM), how long the running job may take to stop after its current step and save where it
         * got to; keep it below the pod's termination grace period (the chart gives 120 s).
         */
        @WithDefault("90s")
        java.time.Duration stopTimeout();

        /**
         * libtorch's intra-op and inter-op threads for this process ({@code FER_TRAINER_THREADS}); 0 keeps DJL's default
         * (every core). Set it to the cores a replica is given when several share a machine.
         */
        @WithDefault("0")
        int threads();

        /**
         * How long a replica's claim on a running job lasts unless renewed (it renews every third of it). A job whose
         * replica died is taken over by another once the claim has lapsed.
         */
        @WithDefault("30s")
        java.time.Duration leaseDuration();

        /** What one {@code POST /jobs} or dataset-ready event may ask for ({@code fer.trainer.limits.*}). */
        Limits limits();
    }

    /**
     * Caps on one request, with defaults that admit the paper's protocol as the perturb-service sends it (its
     * largest event: 106 jobs; its longest job: the more-steps control at n = 6, 200 × 7 = 1,400 epochs). Over a
     * cap, {@code POST /jobs} answers 400 and an event goes to the dead-letter topic, naming the setting.
     */
    interface Limits {
        /** Epochs of any one job. */
        @WithDefault("2000")
        int maxEpochs();

        /** Images per optimiser step. */
        @WithDefault("1024")
        int maxBatchSize();

        /** Training jobs of one dataset-ready event. */
        @WithDefault("256")
        int maxJobs();
    }

    interface Defaults {
        /** Architecture name, e.g. cnn. */
        @WithDefault("cnn")
        String architecture();

        /** Passes over the training split. */
        @WithDefault("10")
        int epochs();

        /** Images per step. */
        @WithDefault("64")
        int batchSize();

        /** Initial learning rate of SGD with Nesterov momentum. */
        @WithDefault("0.01")
        double learningRate();

        /** Seed for initialisation, shuffling and augmentation. */
        @WithDefault("42")
        long seed();

        /** Nesterov momentum. */
        @WithDefault("0.9")
        double momentum();

        /** L2 weight decay. */
        @WithDefault("1e-4")
        double weightDecay();

        /** Reduce-on-plateau: factor applied to the learning rate … */
        @WithDefault("0.75")
        double plateauFactor();

        /** … after this many epochs without a better validation accuracy. */
        @WithDefault("5")
        int plateauPatience();

        /** The authors' augmentation (resized crop, jitter, shift, flip, rotation, erasing) unless a job switches it off. */
        @WithDefault("true")
        boolean augment();

        /**
         * How a dataset with grouped Training images (a perturbed one) is batched: {@code grouped} (whole
         * groups, the baseline's number of optimiser steps per epoch) or {@code expanded} (copies as images).
         */
        @WithDefault("grouped")
        String perturbedBatching();

        /**
         * The loss's class weights: {@code none} (plain cross-entropy, as the authors train) or {@code balanced}
         * (each class weighted by N / (K · its count) over the job's Training labels).
         */
        @WithDefault("none")
        String classWeights();
    }
}
