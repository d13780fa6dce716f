package io.ferperturb.domain.data;

/** An image whose header declares more pixels than the server accepts (a possible decompression bomb). */
public class ImageTooLargeException extends InvalidImageException {
    public ImageTooLargeException(String message) {
        super(message);
    }
}
