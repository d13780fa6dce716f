package io.ferperturb.perturb.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** Every setting of the perturb-service ({@code fer.perturb.*}); storage is {@code fer.storage.*}. */
@ConfigMapping(prefix = "fer.perturb")
public interface PerturbConfig {
    /** Faces per shard file (≈2.3 KB each). */
    @WithDefault("4096")
    int recordsPerShard();

    /** Folder for staging an upload's shards before they go to S3 (nothing is stored on bad input). */
    @WithDefault("${java.io.tmpdir}")
    String stagingDir();

    /** Where attention maps are computed: {@code auto} (CUDA when DJL sees a GPU), {@code cpu}, {@code gpu:N}. */
    @WithDefault("auto")
    String device();

    /** Where the web console's browser finds the other services. */
    Console console();

    /** How large one upload may become while it is read ({@code fer.perturb.upload.*}); over a cap is a 413. */
    Upload upload();

    /** How much work one request may ask for ({@code fer.perturb.limits.*}); over a cap is a 400. */
    Limits limits();

    /**
     * Caps on an upload (CSV plain or gzip, zip archive, S3 import), sized for the real FER2013 CSV (≈300 MB,
     * 35,887 rows) with room: every decompression stops at them, and so does the local staging folder.
     */
    interface Upload {
        /** Bytes a CSV may hold after gzip, or the images of an archive or S3 prefix in all. */
        @WithDefault("1G")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxDecompressedBytes();

        /** CSV rows, or images of an archive or S3 prefix. */
        @WithDefault("200000")
        long maxRows();

        /** Entries of a zip archive or objects under an S3 prefix (folders and skipped files too). */
        @WithDefault("100000")
        long maxEntries();

        /** Bytes of one image file. */
        @WithDefault("10M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxEntryBytes();

        /** Bytes of shards one upload may write to the staging folder before they go to S3. */
        @WithDefault("1G")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxStagingBytes();
    }

    /**
     * Caps on what one request asks the trainer for, with defaults that admit the paper's protocol (five
     * architectures × three seeds × n = 1…6 with both controls: 196 jobs, the longest 200 × 7 = 1,400 epochs).
     */
    interface Limits {
        /** Epochs of any one job, the {@code more-steps} control's multiplied epochs included. */
        @WithDefault("2000")
        int maxEpochs();

        /** Images (or groups of copies) per optimiser step. */
        @WithDefault("1024")
        int maxBatchSize();

        /** Training jobs one request may cause: an experiment's jobs in all, or an upload's architectures. */
        @WithDefault("256")
        int maxJobs();

        /** Cluster counts in an experiment's {@code sweep}. */
        @WithDefault("8")
        int maxSweep();

        /** Seeds of an experiment. */
        @WithDefault("5")
        int maxSeeds();
    }

    /** The other services' base URLs as a browser sees them ({@code fer.perturb.console.*}). */
    interface Console {
        /** inference-service: {@code POST /predict} for the photo drop zone. */
        @WithDefault("http://localhost:8083")
        String inferenceUrl();

        /** saliency-service: {@code POST /saliency} for the heat maps of each face. */
        @WithDefault("http://localhost:8084")
        String saliencyUrl();

        /** trainer-service: {@code GET /jobs/{id}/events} for live training progress. */
        @WithDefault("http://localhost:8082")
        String trainerUrl();
    }
}
