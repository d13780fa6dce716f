package io.ferperturb.domain.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads the common FER image-folder layout — {@code train/<class>/*.png}, {@code test/<class>/*} and an
 * optional {@code val/}, {@code validation/} or {@code publictest/} — from a directory or a streamed zip
 * archive, converting every image to 48×48 greyscale ({@link FacePixelConverter}). train = Training,
 * val = PublicTest, test = PrivateTest, as in the method's split convention.
 *
 * <p>Like the CSV reader it keeps going past bad files and reports up to
 * {@value DatasetFormatException#MAX_PROBLEMS} of them together, naming each file. Archives are untrusted:
 * an entry larger than {@link #MAX_ENTRY_BYTES} uncompressed, more than {@link #MAX_TOTAL_BYTES} in all,
 * or a name that is absolute or climbs out with "..", ends the read at once; image dimensions are checked
 * from the header before decoding ({@link ImageDecoder}). Nothing is ever extracted to disk.
 */
public final class ImageFolderReader {
    /** Largest accepted image: a 12-megapixel photo fits, a decompression bomb does not. */
    private static final ImageDecoder DECODER = new ImageDecoder(4096L * 4096);

    /** Largest accepted image file (uncompressed). */
    public static final long MAX_ENTRY_BYTES = 10L * 1024 * 1024;
    /** Largest accepted archive content in all (FER2013 as PNGs is ~70 MB). */
    public static final long MAX_TOTAL_BYTES = 4L * 1024 * 1024 * 1024;
    private static final String SUMMARY = "not a valid image-folder dataset";

    private final Consumer<? super FaceImage> sink;
    private final ProblemCollector problems = new ProblemCollector();
    private final DatasetCounts.Tally tally = new DatasetCounts.Tally();

    private ImageFolderReader(Consumer<? super FaceImage> sink) {
        this.sink = sink;
    }

    /**
     * Reads every image under {@code root} (in path order) and hands it to {@code sink}.
     *
     * @throws DatasetFormatException naming each bad file, or if no image was found
     */
    public static DatasetCounts readDirectory(Path root, Consumer<? super FaceImage> sink) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Path> byName = new LinkedHashMap<>();
        files.forEach(f -> byName.put(root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"), f));
        return readFiles(byName.keySet(), new FileSource() {
            @Override
            public long size(String name) throws IOException {
                return Files.size(byName.get(name));
            }

            @Override
            public byte[] read(String name) throws IOException {
                return Files.readAllBytes(byName.get(name));
            }
        }, sink);
    }

    /** Where {@link #readFiles} gets a file's size and content (a folder, an S3 prefix). */
    public interface FileSource {
        long size(String name) throws IOException;

        byte[] read(String name) throws IOException;
    }

    /**
     * Reads the named files (relative names such as {@code train/happy/1.png}, in the given order) from
     * {@code source} and hands every image to {@code sink}; used for folders and for S3 prefixes.
     *
     * @throws DatasetFormatException naming each bad file, or if no image was found
     */
    public static DatasetCounts readFiles(Iterable<String> names, FileSource source, Consumer<? super FaceImage> sink) {
        ImageFolderReader reader = new ImageFolderReader(sink);
        for (String name : names) {
            String unsafe = SafeNames.problemWith(name);
            if (unsafe != null) {
                reader.problems.add(DatasetProblem.inFile(name, unsafe));
            } else {
                reader.readFile(name, source);
            }
            if (reader.problems.isFull()) {
                break;
            }
        }
        return reader.finish();
    }

    /**
     * Reads a zip archive in a single streamed pass (entries in archive order) and hands every image to
     * {@code sink}. The caller closes {@code zip}.
     *
     * @throws DatasetFormatException naming each bad entry, if the archive breaks a safety limit, or if
     *                                no image was found
     */
    public static DatasetCounts readZip(InputStream zip, Consumer<? super FaceImage> sink) {
        ImageFolderReader reader = new ImageFolderReader(sink);
        ZipInputStream entries = new ZipInputStream(zip);
        long totalBytes = 0;
        int entryCount = 0;
        try {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null && !reader.problems.isFull()) {
                entryCount++;
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String unsafe = SafeNames.problemWith(name);
                if (unsafe != null) {
                    throw reader.problems.abort(SUMMARY, DatasetProblem.inFile(name, unsafe + "; the archive is rejected"));
                }
                if (entry.getSize() > MAX_ENTRY_BYTES) {
                    throw reader.problems.abort(SUMMARY, tooLarge(name));
                }
                boolean image = ImageFolderLayout.place(name) instanceof ImageFolderLayout.Image;
                byte[] content = image ? readAtMost(entries, MAX_ENTRY_BYTES) : null;
                long size = image ? (content == null ? MAX_ENTRY_BYTES + 1 : content.length)
                        : entries.skip(MAX_ENTRY_BYTES + 1);
                if (size > MAX_ENTRY_BYTES) {
                    throw reader.problems.abort(SUMMARY, tooLarge(name));
                }
                totalBytes += size;
                if (totalBytes > MAX_TOTAL_BYTES) {
                    throw reader.problems.abort(SUMMARY, DatasetProblem.inFile(name,
                            "the archive holds more than " + MAX_TOTAL_BYTES / (1024 * 1024) + " MB; rejected"));
                }
                reader.place(name, content);
            }
        } catch (ZipException e) {
            throw reader.problems.abort(SUMMARY, DatasetProblem.general("not a readable zip archive (" + e.getMessage() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entryCount == 0) {
            throw new DatasetFormatException(SUMMARY, DatasetProblem.general("not a zip archive, or an empty one"));
        }
        return reader.finish();
    }

    private void readFile(String name, FileSource source) {
        if (!(ImageFolderLayout.place(name) instanceof ImageFolderLayout.Image)) {
            place(name, null);
            return;
        }
        try {
            if (source.size(name) > MAX_ENTRY_BYTES) {
                problems.add(DatasetProblem.inFile(name, "larger than " + MAX_ENTRY_BYTES / (1024 * 1024)
                        + " MB; not a face image"));
                return;
            }
            place(name, source.read(name));
        } catch (IOException e) {
            problems.add(DatasetProblem.inFile(name, "cannot be read (" + e.getMessage() + ")"));
        }
    }

    /** Decides what {@code name} is and, for an image, decodes {@code content} and emits it. */
    private void place(String name, byte[] content) {
        ImageFolderLayout.Placement placement = ImageFolderLayout.place(name);
        if (placement instanceof ImageFolderLayout.Misplaced misplaced) {
            problems.add(DatasetProblem.inFile(name, misplaced.reason()));
        } else if (placement instanceof ImageFolderLayout.Image image) {
            try {
                byte[] pixels = FacePixelConverter.toFacePixels(DECODER.decode(content));
                FaceImage face = new FaceImage(image.emotion().index(), image.split(), pixels);
                tally.add(face);
                sink.accept(face);
            } catch (InvalidImageException e) {
                problems.add(DatasetProblem.inFile(name, e.getMessage()));
            }
        }
    }

    private DatasetCounts finish() {
        problems.throwIfAny(SUMMARY);
        DatasetCounts counts = tally.snapshot();
        if (counts.total() == 0) {
            throw new DatasetFormatException(SUMMARY, DatasetProblem.general(
                    "no images found: expected train/<class>/*.png and test/<class>/*.png (PNG, JPEG or BMP), "
                            + "class folders named " + String.join(", ", Emotion.labels())));
        }
        return counts;
    }

    private static DatasetProblem tooLarge(String name) {
        return DatasetProblem.inFile(name, "larger than " + MAX_ENTRY_BYTES / (1024 * 1024)
                + " MB uncompressed; not a face image (the archive is rejected)");
    }

    /** The stream's remaining bytes, or null if there are more than {@code max}. */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        byte[] content = in.readNBytes((int) max + 1);
        return content.length > max ? null : content;
    }
}
