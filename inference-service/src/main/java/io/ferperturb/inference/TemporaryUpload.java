package io.ferperturb.inference;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A request body streamed to a temporary file, never held whole in memory, and refused as soon as it passes its
 * limit (a zip of images, a video).
 */
public final class TemporaryUpload {
    private TemporaryUpload() {
    }

    /**
     * @param tooLarge what to throw once the body passes {@code maxBytes} (the file is deleted then)
     * @return the new temporary file, which the caller deletes
     */
    public static Path receive(InputStream body, String prefix, String suffix, long maxBytes,
            Supplier<? extends RuntimeException> tooLarge) {
        Path file = null;
        try {
            file = Files.createTempFile(prefix, suffix);
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                long written = 0;
                for (int n; (n = body.read(buffer)) > 0; ) {
                    written += n;
                    if (written > maxBytes) {
                        throw tooLarge.get();
                    }
                    out.write(buffer, 0, n);
                }
            }
            return file;
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException("the upload could not be stored: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /** Deletes a temporary file, if any; one that cannot be deleted is logged and left to the system's cleaning. */
    public static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                Log.warnf("temporary file %s could not be deleted: %s", file, e.getMessage());
            }
        }
    }
}
