package io.ferperturb.trainer.training;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.data.TenCrop;
import io.ferperturb.domain.event.Augmentation;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Prepares the batches of one epoch on a background thread (shuffle, augmentation, normalisation, and for
 * cropped models a random crop per image, which the {@link Augmenter} takes when augmenting), a few batches ahead,
 * so the device does not wait for data. Records how long the consumer waited.
 *
 * <p>Images are batched in units of {@code groupSize} adjacent images (a perturbed face's copies): the units
 * are shuffled, and a batch takes {@code batchSize} whole units, the last batch fewer; each image is still
 * augmented on its own. A group size of 1 is plain per-image batching.
 *
 * <p>The epoch's order and each batch's random draws depend only on the seed and the batch's index, so an epoch
 * can start at any batch ({@code firstBatch}) and give exactly the batches an uninterrupted epoch gives from there.
 */
final class BatchFeeder implements AutoCloseable {
    private static final Batch END = new Batch(new float[0], new int[0], 0);

    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
    private final Thread worker;
    private volatile RuntimeException failure;
    private long waitNanos;

    /** @param side 48, or the side of the random crop taken from each prepared face */
    BatchFeeder(SplitData data, int batchSize, Normalisation norm, Augmentation augmentation, int side, long seed) {
        this(data, batchSize, 1, norm, augmentation, side, seed);
    }

    /** @param batchSize units (groups of {@code groupSize} images) per batch */
    BatchFeeder(SplitData data, int batchSize, int groupSize, Normalisation norm, Augmentation augmentation, int side,
            long seed) {
        this(data, batchSize, groupSize, norm, augmentation, side, seed, 0);
    }

    /** @param firstBatch the index of the first batch to give: the ones before it were trained on already */
    BatchFeeder(SplitData data, int batchSize, int groupSize, Normalisation norm, Augmentation augmentation, int side,
            long seed, int firstBatch) {
        int[] order = groupedOrder(data.size(), groupSize, new SplittableRandom(seed));
        int imagesPerBatch = batchSize * groupSize;
        Augmenter augmenter = Boolean.TRUE.equals(augmentation.enabled()) ? new Augmenter(augmentation, norm, side) : null;
        boolean cropped = side != FaceImage.SIDE;
        int pixels = side * side;
        float[] whole = cropped && augmenter == null ? new float[FaceImage.PIXELS] : null;
        worker = new Thread(() -> {
            try {
                for (int start = firstBatch * imagesPerBatch; start < order.length; start += imagesPerBatch) {
                    int n = Math.min(imagesPerBatch, order.length - start);
                    SplittableRandom augmentRng = batchRandom(seed, start / imagesPerBatch);
                    float[] inputs = new float[n * pixels];
                    int[] labels = new int[n];
                    for (int i = 0; i < n; i++) {
                        int idx = order[start + i];
                        if (augmenter != null) {
                            augmenter.apply(data.pixels(), data.pixelOffset(idx), inputs, i * pixels, augmentRng);
                        } else if (cropped) {
                            // prepared whole, then cut
                            FacePreprocessing.toInput(data.pixels(), data.pixelOffset(idx), whole, 0, norm);
                            int range = FaceImage.SIDE - side + 1;
                            TenCrop.copy(whole, 0, augmentRng.nextInt(range), augmentRng.nextInt(range), side, false,
                                    inputs, i * pixels);
                        } else {
                            FacePreprocessing.toInput(data.pixels(), data.pixelOffset(idx), inputs, i * pixels, norm);
                        }
                        labels[i] = data.label(idx);
                    }
                    queue.put(new Batch(inputs, labels, n));
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
                queue.offer(END);
            }
        }, "batch-feeder");
        worker.setDaemon(true);
        worker.start();
    }

    /** The next batch, or null at the end of the epoch. */
    Batch next() {
        long t0 = System.nanoTime();
        try {
            Batch b = queue.take();
            waitNanos += System.nanoTime() - t0;
            if (failure != null) {
                throw failure;
            }
            return b == END ? null : b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for data", e);
        }
    }

    long waitNanos() {
        return waitNanos;
    }

    @Override
    public void close() {
        worker.interrupt();
    }

    /** The random draws of batch {@code index}: a stream of their own, so any batch can be made first. */
    static SplittableRandom batchRandom(long seed, int index) {
        return new SplittableRandom((seed ^ 0x5DEECE66DL) + 0x9E3779B97F4A7C15L * (index + 1));
    }

    /** Image indices with the groups of {@code groupSize} shuffled and each group's images kept together in order. */
    static int[] groupedOrder(int images, int groupSize, SplittableRandom rng) {
        if (groupSize == 1) {
            return shuffledIndices(images, rng); // the same order as before groups existed, seed for seed
        }
        int[] groups = shuffledIndices(images / groupSize, rng);
        int[] order = new int[groups.length * groupSize];
        for (int i = 0; i < groups.length; i++) {
            for (int j = 0; j < groupSize; j++) {
                order[i * groupSize + j] = groups[i] * groupSize + j;
            }
        }
        return order;
    }

    static int[] shuffledIndices(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
