package io.ferperturb.bench;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.synthetic.FaceParameters;
import io.ferperturb.storage.S3ShardSink;
import io.ferperturb.domain.data.ShardFormat;
import io.ferperturb.domain.data.ShardWriter;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.Fill;
import io.ferperturb.domain.perturbation.RegionMasker;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageEndpoint;
import io.ferperturb.perturb.perturbation.AttentionAggregator;
import io.ferperturb.perturb.perturbation.PixelClusterer;
import io.ferperturb.perturb.perturbation.PixelFeatures;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * {@code ./run.sh bench perturb --n 35887}: the perturb-service's in-memory steps on FER2013's number of
 * images, then the same steps with the masked data set written to S3.
 *
 * <ol>
 *   <li>Inputs, not timed: {@code n} synthetic faces ({@link SyntheticFaceGenerator}, classes in turn)
 *       and one attention map per face as the spatial gate of the attention model would give it — values
 *       in [0, 1]: 0.35 over the image, +0.35 bumps on the face's own two eyes and +0.65 on its mouth
 *       (positions from the face's generating parameters), plus ±0.05 hashed noise. Their generation time
 *       is printed separately.</li>
 *   <li>In memory, timed ({@code perturb_images_per_s} = n / the sum of these three): attention
 *       aggregation over all n maps ({@link AttentionAggregator}); pixel features and k-means
 *       ({@link PixelFeatures}, {@link PixelClusterer} with the service default: n = 3, 10 restarts,
 *       300 iterations); all masked copies, k per image plus the original, into one new contiguous array
 *       ({@link RegionMasker#maskAll}). One cold round first (JIT, heap growth; printed, not counted),
 *       then {@code --reps} rounds (default 9); the median round is reported.</li>
 *   <li>End to end ({@code perturb_end_to_end_s}, the last line): the same three steps once more, then
 *       the (k+1)·n masked images written as emotion-shards through {@link ShardWriter} to
 *       {@code s3://datasets/<id>/} with a sink that uploads each finished shard through
 *       {@link ObjectStore#put} ({@code --uploads}, default 4, in flight while the writer fills the next shard), the cluster
 *       map as {@code clusters.json}, and {@code manifest.json} last, after every shard is stored.
 *       Deleting a previous run's objects under that prefix comes before the clock starts.</li>
 * </ol>
 *
 * <p>{@code --dump FILE} writes the inputs and settings (and the Java cluster map) for
 * {@code tools/bench/reference/perturb_reference.py}, which times the same steps with numpy and scikit-learn.
 * S3 settings: {@code FER_STORAGE_ENDPOINT}, {@code FER_STORAGE_ACCESS_KEY}, {@code FER_STORAGE_SECRET_KEY}.
 */
public final class PerturbBench {
    private static final int PIXELS = FaceImage.PIXELS;
    private static final int SIDE = FaceImage.SIDE;

    private PerturbBench() {
    }

    record Options(int n, long seed, int reps, Path dump, boolean s3, String datasetId, int recordsPerShard,
                   int uploads, PixelClusterer.Settings clustering) {

        static Options parse(String[] args) {
            int n = 35887;
            long seed = 1;
            int reps = 9;
            Path dump = null;
            boolean s3 = true;
            String datasetId = "bench-perturbed-k3";
            int recordsPerShard = ShardFormat.DEFAULT_RECORDS_PER_SHARD;
            int uploads = 4;
            PixelClusterer.Settings defaults = PixelClusterer.Settings.DEFAULT;
            int clusters = defaults.clusters();
            int restarts = defaults.restarts();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--n" -> n = Integer.parseInt(require(args[i], value));
                    case "--seed" -> seed = Long.parseLong(require(args[i], value));
                    case "--reps" -> reps = Integer.parseInt(require(args[i], value));
                    case "--dump" -> dump = Path.of(require(args[i], value));
                    case "--dataset-id" -> datasetId = require(args[i], value);
                    case "--records-per-shard" -> recordsPerShard = Integer.parseInt(require(args[i], value));
                    case "--uploads" -> uploads = Integer.parseInt(require(args[i], value));
                    case "--clusters" -> clusters = Integer.parseInt(require(args[i], value));
                    case "--restarts" -> restarts = Integer.parseInt(require(args[i], value));
                    case "--no-s3" -> {
                        s3 = false;
                        continue;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --n N --seed S --reps R --dump FILE --no-s3 --dataset-id ID"
                            + " --records-per-shard N --uploads N --clusters K --restarts R");
                }
                i++;
            }
            if (n < 1 || reps < 1 || uploads < 1) {
                throw new IllegalArgumentException("--n, --reps and --uploads must be at least 1");
            }
            return new Options(n, seed, reps, dump, s3, datasetId, recordsPerShard, uploads,
                    new PixelClusterer.Settings(clusters, restarts, defaults.maxIterations(), defaults.seed()));
        }

        private static String require(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }

    /** Timings of one round of the in-memory steps, in nanoseconds. */
    record Round(long aggregate, long cluster, long mask, ClusterMap map, double inertia, SplitData masked) {
        long total() {
            return aggregate + cluster + mask;
        }

        String describe() {
            return String.format(Locale.ROOT, "aggregate %.1f ms, features+k-means %.1f ms, masked copies %.1f ms, total %.1f ms",
                    aggregate / 1e6, cluster / 1e6, mask / 1e6, total() / 1e6);
        }
    }

    public static void main(String[] args) throws Exception {
        // the class path carries Quarkus' log manager (through perturb-service); say so before anything
        // logs, or it complains that java.util.logging was used first
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        Options options = Options.parse(args);
        int n = options.n();
        log("perturb benchmark: n = %d images, k = %d, %d k-means restarts, %d cores, max heap %d MB", n,
                options.clustering().clusters(), options.clustering().restarts(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        long t0 = System.nanoTime();
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(options.seed());
        SplitData faces = faces(generator, n);
        long t1 = System.nanoTime();
        float[] maps = attentionMaps(generator, n);
        long t2 = System.nanoTime();
        log("inputs (not timed): %d faces in %.2f s, %d attention maps in %.2f s (%d MB of floats)", n,
                (t1 - t0) / 1e9, n, (t2 - t1) / 1e9, (long) maps.length * 4 >> 20);

        AttentionAggregator aggregator = new AttentionAggregator();
        PixelClusterer clusterer = new PixelClusterer(options.clustering());

        // one full round first: JIT compilation and the heap growing to its working size; reported apart
        Round cold = run(aggregator, clusterer, faces, maps, n);
        check(cold, faces, options);
        log("cold round (not counted): %s", cold.describe());
        long firstTotal = cold.total();
        cold = null;

        long[] totals = new long[options.reps()];
        ClusterMap map = null;
        double inertia = 0;
        for (int r = 0; r < options.reps(); r++) {
            System.gc(); // the previous round's 330 MB of copies go now, not inside the next round's clock
            Round round = run(aggregator, clusterer, faces, maps, n);
            totals[r] = round.total();
            map = round.map();
            inertia = round.inertia();
            log("round %d: %s", r + 1, round.describe());
        }
        if (options.dump() != null) {
            dump(options, faces, maps, map);
        }
        long[] sorted = totals.clone();
        Arrays.sort(sorted);
        double medianSeconds = sorted[sorted.length / 2] / 1e9;
        log("cluster map: %s, inertia %.3f", map, inertia);
        log("images/s: cold round %.0f, median %.0f, best %.0f", n / (firstTotal / 1e9), n / medianSeconds,
                n / (sorted[0] / 1e9));
        System.out.printf(Locale.ROOT, "perturb_images_per_s=%.0f%n", n / medianSeconds);
        System.out.flush();

        if (options.s3()) {
            double seconds = endToEnd(options, aggregator, clusterer, faces, maps);
            System.out.printf(Locale.ROOT, "perturb_end_to_end_s=%.2f%n", seconds);
            System.out.flush();
            // the S3 client's HTTP dispatcher threads are not daemons and idle for a minute before they end
            System.exit(0);
        } else {
            log("--no-s3: end-to-end run skipped");
        }
    }

    /** The in-memory steps again, then the masked set to S3 as shards; returns seconds. */
    static double endToEnd(Options options, AttentionAggregator aggregator, PixelClusterer clusterer,
                           SplitData faces, float[] maps) throws Exception {
        ObjectStore store = new ObjectStore(StorageEndpoint.fromEnvironment());
        S3Uri prefix = S3Uri.of("datasets", options.datasetId() + "/");
        store.ensureBucket(prefix.bucket());
        store.deletePrefix(prefix); // a previous run's objects; not timed

        long t0 = System.nanoTime();
        Round round = run(aggregator, clusterer, faces, maps, options.n());
        long t1 = System.nanoTime();
        SplitData masked = round.masked();
        DatasetManifest manifest;
        try (S3ShardSink sink = new S3ShardSink(store, prefix, options.uploads());
                ShardWriter writer = new ShardWriter(sink, options.recordsPerShard())) {
            writer.write(masked);
            sink.put("clusters.json", round.map().toJson());
            manifest = writer.finish(options.datasetId(), "perturbed", null);
        }
        long t2 = System.nanoTime();
        long bytes = manifest.shards().stream().mapToLong(DatasetManifest.Shard::bytes).sum();
        log("end to end: in-memory steps %.2f s (%s); shards to S3 %.2f s: %d images in %d shards, %d MB, %.0f MB/s",
                (t1 - t0) / 1e9, round.describe(), (t2 - t1) / 1e9, manifest.datasetCounts().total(),
                manifest.shards().size(), bytes >> 20, bytes / 1e6 / ((t2 - t1) / 1e9));
        // not timed: what is in S3 is a complete, consistent data set of (k+1)·n images
        DatasetManifest stored = DatasetManifest.fromJson(store.get(prefix.resolve(DatasetManifest.FILE_NAME)));
        stored.validate();
        long expected = (long) options.n() * (options.clustering().clusters() + 1);
        if (stored.datasetCounts().total() != expected || !stored.sha256().equals(manifest.sha256())
                || !store.exists(prefix.resolve(stored.shards().get(stored.shards().size() - 1).name()))) {
            throw new IllegalStateException("the stored data set is not what was written");
        }
        log("stored %s: manifest valid, %d images, sha256 %s…", prefix, stored.datasetCounts().total(),
                stored.sha256().substring(0, 16));
        return (t2 - t0) / 1e9;
    }

    // ------------------------------------------------------------------------------------- the steps

    static Round run(AttentionAggregator aggregator, PixelClusterer clusterer, SplitData faces, float[] maps, int n) {
        long a = System.nanoTime();
        AttentionAggregator.Attention attention = aggregator.aggregate(maps, n);
        long b = System.nanoTime();
        PixelClusterer.Clustering clustering = clusterer.cluster(PixelFeatures.of(attention.scaled()));
        long c = System.nanoTime();
        SplitData masked = new RegionMasker(clustering.map()).maskAll(faces, Fill.zero(), true);
        long d = System.nanoTime();
        return new Round(b - a, c - b, d - c, clustering.map(), clustering.inertia(), masked);
    }

    private static void check(Round round, SplitData faces, Options options) {
        int copies = options.clustering().clusters() + 1;
        if (round.masked().size() != faces.size() * copies) {
            throw new IllegalStateException("expected " + faces.size() * copies + " masked images, got "
                    + round.masked().size());
        }
    }

    // ---------------------------------------------------------------------------------------- inputs

    /** Face {@code i} is face number {@code i / 7} of class {@code i % 7}; all Training. */
    static SplitData faces(SyntheticFaceGenerator generator, int n) {
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * PIXELS];
        IntStream.range(0, n).parallel().forEach(i -> {
            labels[i] = (byte) (i % Emotion.COUNT);
            byte[] face = generator.draw(Emotion.of(i % Emotion.COUNT), i / Emotion.COUNT);
            System.arraycopy(face, 0, pixels, i * PIXELS, PIXELS);
        });
        return new SplitData(Split.TRAINING, labels, pixels);
    }

    /**
     * Pseudo-attention for face {@code i}: separable Gaussian bumps at the face's own eyes and mouth
     * (from its generating parameters) over a 0.35 floor, plus hashed noise; clamped to [0, 1].
     */
    static float[] attentionMaps(SyntheticFaceGenerator generator, int n) {
        float[] maps = new float[n * PIXELS];
        IntStream.range(0, n).parallel().forEach(i -> {
            FaceParameters face = generator.parameters(Emotion.of(i % Emotion.COUNT), i / Emotion.COUNT);
            float cx = face.pose().centerX();
            float cy = face.pose().centerY();
            float s = face.pose().scale();
            float eyeY = cy + face.identity().eyeY() * s;
            float eyeDx = face.identity().eyeHalfSpacing() * s;
            float mouthY = cy + face.identity().mouthY() * s;
            float[] eyeRow = gauss(eyeY, 2.5f * s);
            float[] leftCol = gauss(cx - eyeDx, 4.5f * s);
            float[] rightCol = gauss(cx + eyeDx, 4.5f * s);
            float[] mouthRow = gauss(mouthY, 3f * s);
            float[] mouthCol = gauss(cx, 11f * s);
            long h = mix(i * 0x9E3779B97F4A7C15L + 0x1234567L);
            int o = i * PIXELS;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    h += 0x9E3779B97F4A7C15L;
                    float noise = ((mix(h) >>> 40) / (float) (1 << 24) - 0.5f) * 0.1f;
                    float a = 0.35f + 0.35f * eyeRow[y] * (leftCol[x] + rightCol[x]) + 0.65f * mouthRow[y] * mouthCol[x] + noise;
                    maps[o + y * SIDE + x] = Math.max(0f, Math.min(1f, a));
                }
            }
        });
        return maps;
    }

    private static float[] gauss(float centre, float sigma) {
        float[] g = new float[SIDE];
        for (int k = 0; k < SIDE; k++) {
            float d = (k - centre) / sigma;
            g[k] = (float) Math.exp(-0.5 * d * d);
        }
        return g;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ------------------------------------------------------------------------------------------ dump

    /**
     * Little-endian: magic {@code FERPDUMP}, int32 n, k, restarts, maxIterations, int64 k-means seed,
     * float64 alpha, beta, threshold; then n label bytes, n × 2,304 pixel bytes, n × 2,304 float32
     * attention values, and the Java cluster map's 2,304 label bytes.
     */
    static void dump(Options options, SplitData faces, float[] maps, ClusterMap map) throws IOException {
        long t = System.nanoTime();
        AttentionAggregator.Settings attention = AttentionAggregator.Settings.DEFAULT;
        try (OutputStream file = Files.newOutputStream(options.dump());
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 20))) {
            ByteBuffer header = ByteBuffer.allocate(8 + 4 * 4 + 8 + 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
            header.put("FERPDUMP".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .putInt(options.n()).putInt(options.clustering().clusters())
                    .putInt(options.clustering().restarts()).putInt(options.clustering().maxIterations())
                    .putLong(options.clustering().seed())
                    .putDouble(attention.alpha()).putDouble(PixelFeatures.DEFAULT_BETA).putDouble(attention.threshold());
            out.write(header.array());
            out.write(faces.labels());
            out.write(faces.pixels());
            ByteBuffer floats = ByteBuffer.allocate(PIXELS * 4 * 256).order(ByteOrder.LITTLE_ENDIAN);
            for (int start = 0; start < maps.length; start += PIXELS * 256) {
                floats.clear();
                int end = Math.min(maps.length, start + PIXELS * 256);
                floats.asFloatBuffer().put(maps, start, end - start);
                out.write(floats.array(), 0, (end - start) * 4);
            }
            out.write(map.labels());
        }
        log("dumped inputs to %s (%d MB) in %.1f s", options.dump(), Files.size(options.dump()) >> 20,
                (System.nanoTime() - t) / 1e9);
    }

    static void log(String format, Object... args) {
        System.out.println("# " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
