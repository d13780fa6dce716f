package io.ferperturb.domain.data;

import java.io.EOFException;
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
 * {@value DatasetFormatException#MAX_PROBLEMS} of them together, naming each file. Archives and prefixes are
 * untrusted: breaking one of the {@link UploadLimits} (entries, bytes of one image, bytes in all, images) ends
 * the read at once with a {@link DatasetTooLargeException}, as does a name that is absolute or climbs out with
 * ".." (a format error); a truncated or corrupt archive is a format error too. Image dimensions are checked from
 * the header before decoding ({@link ImageDecoder}). Nothing is ever extracted to disk.
 */
public final class ImageFolderReader {
    /** Largest accepted image: a 12-megapixel photo fits, a decompression bomb does not. */
    private static final ImageDecoder DECODER = new ImageDecoder(4096L * 4096);

    private static final String SUMMARY = "not a valid image-folder dataset";

    private final Consumer<? super FaceImage> sink;
    private final UploadLimits limits;
    private final ProblemCollector problems = new ProblemCollector();
    private final DatasetCounts.Tally tally = new DatasetCounts.Tally();
    private long images;
    private long bytes;

    private ImageFolderReader(Consumer<? super FaceImage> sink, UploadLimits limits) {
        this.sink = sink;
        this.limits = limits;
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

    /** {@link #readFiles(Iterable, FileSource, UploadLimits, Consumer)} with {@link UploadLimits#DEFAULT}. */
    public static DatasetCounts readFiles(Iterable<String> names, FileSource source, Consumer<? super FaceImage> sink) {
        return readFiles(names, source, UploadLimits.DEFAULT, sink);
    }

    /**
     * Reads the named files (relative names such as {@code train/happy/1.png}, in the given order) from
     * {@code source} and hands every image to {@code sink}; used for folders and for S3 prefixes.
     *
     * @throws DatasetTooLargeException as soon as the files break one of {@code limits}
     * @throws DatasetFormatException naming each bad file, or if no image was found
     */
    public static DatasetCounts readFiles(Iterable<String> names, FileSource source, UploadLimits limits,
            Consumer<? super FaceImage> sink) {
        ImageFolderReader reader = new ImageFolderReader(sink, limits);
        reader.checkSizes(names, source);
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

    /** {@link #readZip(InputStream, UploadLimits, Consumer)} with {@link UploadLimits#DEFAULT}. */
    public static DatasetCounts readZip(InputStream zip, Consumer<? super FaceImage> sink) {
        return readZip(zip, UploadLimits.DEFAULT, sink);
    }

    /**
     * Reads a zip archive in a single streamed pass (entries in archive order) and hands every image to
     * {@code sink}. The caller closes {@code zip}.
     *
     * @throws DatasetTooLargeException as soon as the archive breaks one of {@code limits}
     * @throws DatasetFormatException naming each bad entry, if the archive is truncated, corrupt or names an
     *                                unsafe path, or if no image was found
     */
    public static DatasetCounts readZip(InputStream zip, UploadLimits limits, Consumer<? super FaceImage> sink) {
        ImageFolderReader reader = new ImageFolderReader(sink, limits);
        ZipInputStream entries = new ZipInputStream(zip);
        int entryCount = 0;
        try {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null && !reader.problems.isFull()) {
                limits.checkEntries(++entryCount);
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String unsafe = SafeNames.problemWith(name);
                if (unsafe != null) {
                    throw reader.problems.abort(SUMMARY, DatasetProblem.inFile(name, unsafe + "; the archive is rejected"));
                }
                limits.checkEntryBytes(name, entry.getSize());
                boolean image = ImageFolderLayout.place(name) instanceof ImageFolderLayout.Image;
                long cap = limits.maxEntryBytes();
                byte[] content = image ? readAtMost(entries, cap) : null;
                long size = image ? (content == null ? cap + 1 : content.length) : entries.skip(cap + 1);
                limits.checkEntryBytes(name, size);
                reader.countBytes(size);
                reader.place(name, content);
            }
        } catch (ZipException | EOFException e) {
            throw reader.problems.abort(SUMMARY, DatasetProblem.general("not a readable zip archive: it is truncated or "
                    + "corrupt (" + e.getMessage() + ")"));
        } catch (IllegalArgumentException e) {
            // ZipInputStream's answer to an entry name that is not valid in the archive's charset
            throw reader.problems.abort(SUMMARY, DatasetProblem.general("not a readable zip archive: an entry name "
                    + "cannot be decoded (" + e.getMessage() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entryCount == 0) {
            throw new DatasetFormatException(SUMMARY, DatasetProblem.general("not a zip archive, or an empty one"));
        }
        return reader.finish();
    }

    /**
     * Checks the file count and the sizes the source states against the limits before anything is read: a
     * prefix that is too large is refused at once, not after reading a gigabyte of it.
     */
    private void checkSizes(Iterable<String> names, FileSource source) {
        long entries = 0;
        for (String name : names) {
            limits.checkEntries(++entries);
            if (SafeNames.problemWith(name) == null && ImageFolderLayout.place(name) instanceof ImageFolderLayout.Image) {
                try {
                    long size = source.size(name);
                    limits.checkEntryBytes(name, size);
                    countBytes(size);
                } catch (IOException e) {
                    // reported with the file when it is read
                }
            }
        }
    }

    private void readFile(String name, FileSource source) {
        if (!(ImageFolderLayout.place(name) instanceof ImageFolderLayout.Image)) {
            place(name, null);
            return;
        }
        try {
            byte[] content = source.read(name);
            limits.checkEntryBytes(name, content.length); // as stated when the sizes were checked, unless it grew since
            place(name, content);
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
                limits.checkRows(++images);
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

    /** Adds one file's bytes to what the dataset holds in all, within the limit. */
    private void countBytes(long size) {
        bytes += size;
        limits.checkDecompressedBytes(bytes);
    }

    /** The stream's remaining bytes, or null if there are more than {@code max}. */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        byte[] content = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
        return content.length > max ? null : content;
    }
}
