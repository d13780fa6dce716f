package io.ferperturb.domain.data;

/**
 * Bytes of a recognisable image format that the server does not accept (TIFF, WebP…): a 415 rather than a 400,
 * since the file itself may be fine. The message names the accepted formats.
 */
public class UnsupportedImageFormatException extends InvalidImageException {
    public UnsupportedImageFormatException(String message) {
        super(message);
    }
}
