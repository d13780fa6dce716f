package io.ferperturb.domain.data;

/** Uploaded bytes are not a decodable image; the message tells the user what to send instead. */
public class InvalidImageException extends RuntimeException {
    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
