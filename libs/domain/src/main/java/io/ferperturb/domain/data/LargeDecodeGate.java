package io.ferperturb.domain.data;

import java.util.concurrent.Semaphore;

/**
 * Bounds how many large images are decoded at once, so that memory stays bounded under a flood of small files
 * whose headers claim many pixels: a raster of {@code width × height} is allocated before the first pixel is read,
 * whatever the file's size. An image of at least {@code largePixels} (from its header) needs one of
 * {@code concurrent} permits, held while its pixels are in use; when none is free it is refused at once
 * ({@link ImageDecoderBusyException}) instead of queueing more rasters. Smaller images pass freely.
 */
public final class LargeDecodeGate {
    /** Every image passes: for tools and tests that decode one image at a time. */
    public static final LargeDecodeGate UNLIMITED = new LargeDecodeGate(Long.MAX_VALUE, 1);
    /** What a refused client is told to wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final long largePixels;
    private final int concurrent;
    private final Semaphore permits;

    /**
     * @param largePixels smallest width × height that needs a permit
     * @param concurrent  large images decoded (and held) at once
     */
    public LargeDecodeGate(long largePixels, int concurrent) {
        if (largePixels < 1 || concurrent < 1) {
            throw new IllegalArgumentException("a decode gate needs a positive size and at least one permit, got "
                    + largePixels + " pixels and " + concurrent + " permits");
        }
        this.largePixels = largePixels;
        this.concurrent = concurrent;
        this.permits = new Semaphore(concurrent);
    }

    /** One decode let through; closing it frees its permit (if it took one). */
    public interface Pass extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Lets an image of {@code pixels} through, or refuses it when it is large and every permit is taken.
     *
     * @throws ImageDecoderBusyException when no permit is free
     */
    public Pass enter(long pixels) {
        if (pixels < largePixels) {
            return () -> { };
        }
        if (!permits.tryAcquire()) {
            throw new ImageDecoderBusyException("the server is already decoding " + concurrent + " large images (of "
                    + largePixels + " pixels or more); retry in a moment or send a smaller image", RETRY_AFTER_SECONDS);
        }
        return new Pass() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    permits.release();
                }
            }
        };
    }
}
