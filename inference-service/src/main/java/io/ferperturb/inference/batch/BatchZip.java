package io.ferperturb.inference.batch;

import io.ferperturb.domain.data.SafeNames;
import io.ferperturb.inference.TemporaryUpload;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An uploaded zip of images, untrusted: received to a temporary file no larger than a limit, then read entry by
 * entry from its central directory. Nothing is extracted to disk. Directories are passed over; a name that is
 * absolute or climbs out with {@code ..}, a second entry of the same name, an entry that cannot be inflated or that
 * inflates past the image limit (whatever its header claims) becomes an entry with an error, so the batch answers it
 * with an error line and goes on.
 */
final class BatchZip {
    /** A file of the zip: its content, or why it has none. */
    record Entry(String name, byte[] content, String error) {
    }

    private BatchZip() {
    }

    /**
     * Copies {@code body} to a new temporary file, which the caller deletes.
     *
     * @throws LimitExceededException when the body is longer than {@code maxBytes} (the file is deleted then)
     */
    static Path receive(InputStream body, long maxBytes) {
        return TemporaryUpload.receive(body, "batch-", ".zip", maxBytes, () -> new LimitExceededException(
                "the zip is larger than " + maxBytes + " bytes, the most one upload may be "
                        + "(fer.inference.batches.max-zip-bytes); split it, or put the images in S3 and send "
                        + "{\"source\": \"s3://…\"}"));
    }

    /**
     * Hands each file of {@code zip} to {@code each}, in the zip's order, after checking their count.
     *
     * @throws InvalidRequestException  when {@code zip} is not a readable zip, or holds no file
     * @throws LimitExceededException   when it holds more than {@code maxItems} files
     */
    static void read(Path zip, int maxItems, long maxEntryBytes, Consumer<Entry> each) {
        try (ZipFile archive = open(zip)) {
            List<? extends ZipEntry> files;
            try {
                files = Collections.list(archive.entries()).stream().filter(e -> !e.isDirectory()).toList();
            } catch (IllegalArgumentException e) { // a name that is not valid UTF-8
                throw notAZip(e);
            }
            if (files.isEmpty()) {
                throw new InvalidRequestException("the zip holds no file: put the images in it");
            }
            LimitExceededException.check("images", files.size(), maxItems, "fer.inference.batches.max-items");
            Set<String> seen = new HashSet<>();
            for (ZipEntry file : files) {
                each.accept(entry(archive, file, seen, maxEntryBytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ZipFile open(Path zip) {
        try {
            return new ZipFile(zip.toFile());
        } catch (IOException | IllegalArgumentException e) {
            throw notAZip(e);
        }
    }

    private static Entry entry(ZipFile archive, ZipEntry file, Set<String> seen, long maxBytes) {
        String name = file.getName();
        String unsafe = SafeNames.problemWith(name);
        if (unsafe != null) {
            return new Entry(name, null, unsafe + ": the entry was not read");
        }
        if (!seen.add(name)) {
            return new Entry(name, null, "a second entry named '" + name + "': only the first was read");
        }
        byte[] content;
        try (InputStream in = archive.getInputStream(file)) {
            content = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8)); // never the header's size
        } catch (IOException e) {
            return new Entry(name, null, "the entry could not be read from the zip (" + e.getMessage() + ")");
        }
        if (content.length > maxBytes) {
            return new Entry(name, null, "the entry inflates to more than " + maxBytes + " bytes; a batch reads "
                    + "images of at most " + maxBytes + " bytes (fer.inference.batches.max-image-bytes)");
        }
        return new Entry(name, content, null);
    }

    private static InvalidRequestException notAZip(Exception e) {
        String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
        return new InvalidRequestException("the body is not a readable zip archive" + why + ": send a zip of images "
                + "with Content-Type: application/zip");
    }
}
