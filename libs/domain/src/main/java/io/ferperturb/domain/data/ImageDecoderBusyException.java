package io.ferperturb.domain.data;

/**
 * Every permit for decoding a large image is taken ({@link LargeDecodeGate}): the client should retry after
 * {@link #retryAfterSeconds()} rather than the server holding yet another large raster.
 */
public class ImageDecoderBusyException extends RuntimeException {
    private final int retryAfterSeconds;

    public ImageDecoderBusyException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
