package io.ferperturb.domain.data;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.ZipException;

/**
 * Reads the Kaggle FER2013 CSV ({@code emotion,pixels,Usage}) row by row from a stream, so a 300 MB file
 * never sits in memory; gzip input is recognised by its magic bytes and decompressed on the fly.
 *
 * <p>Two ways to read: {@link #readAll(Consumer)} / {@link #validate()} make a full pass that keeps going
 * past bad rows and reports the first {@value DatasetFormatException#MAX_PROBLEMS} problems together
 * (what an upload endpoint wants); {@link #iterator()} / {@link #stream()} stop at the first bad row
 * (what a pipeline that already validated wants). Line numbers are 1-based with the header on line 1.
 * Blank lines are skipped. I/O failures surface as {@link UncheckedIOException}, content problems as
 * {@link DatasetFormatException}. Not thread-safe; {@link #close()} closes the underlying stream.
 */
public final class Fer2013CsvReader implements Closeable {
    /** The only accepted header: the Kaggle file's column order. */
    public static final String HEADER = "emotion,pixels,Usage";
    /** A valid row is ~9.3 kB; anything far longer is not a FER2013 row and is not buffered whole. */
    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final String SUMMARY = "not a valid FER2013 CSV";

    private final SniffedInput input;
    private final UploadLimits limits;
    private final LineScanner lines;
    private final Fer2013RowParser parser = new Fer2013RowParser();
    private final DatasetCounts.Tally tally = new DatasetCounts.Tally();
    private FaceImage pending;
    private long rows;
    private boolean exhausted;

    private Fer2013CsvReader(SniffedInput input, UploadLimits limits) {
        this.input = input;
        this.limits = limits;
        this.lines = new LineScanner(input.stream(), MAX_LINE_BYTES);
    }

    /** {@link #open(InputStream, UploadLimits)} with {@link UploadLimits#DEFAULT}. */
    public static Fer2013CsvReader open(InputStream in) {
        return open(in, UploadLimits.DEFAULT);
    }

    /**
     * Starts reading and checks the header. The rows and the bytes (after gzip) read later are capped by
     * {@code limits}: past either, reading throws {@link DatasetTooLargeException}.
     *
     * @throws DatasetFormatException for empty input, a zip archive, a broken gzip header, or a missing or
     *                                different header (the stream is closed then)
     */
    public static Fer2013CsvReader open(InputStream in, UploadLimits limits) {
        Fer2013CsvReader reader;
        try {
            reader = new Fer2013CsvReader(SniffedInput.of(in, limits), limits);
        } catch (IOException e) {
            closeQuietly(in);
            throw new UncheckedIOException(e);
        } catch (DatasetFormatException e) {
            closeQuietly(in);
            throw e;
        }
        try {
            reader.checkHeader();
        } catch (DatasetFormatException e) {
            reader.closeQuietly();
            throw e;
        }
        return reader;
    }

    /** One full validating pass over {@code in}; returns the counts or throws with every problem found. */
    public static DatasetCounts validate(InputStream in) {
        try (Fer2013CsvReader reader = open(in)) {
            return reader.validate();
        }
    }

    /**
     * Reads every remaining row, handing valid ones to {@code sink}, and keeps going past bad rows until
     * {@value DatasetFormatException#MAX_PROBLEMS} problems are found. The sink may have received rows
     * before the exception: callers that must not act on a bad file call {@link #validate()} first or
     * discard the output.
     *
     * @return the counts of all rows read by this reader
     * @throws DatasetFormatException listing every problem found, or if the file has no data rows
     */
    public DatasetCounts readAll(Consumer<? super FaceImage> sink) {
        ProblemCollector problems = new ProblemCollector();
        if (pending != null) {
            sink.accept(takePending());
        }
        while (!problems.isFull()) {
            String reason = nextRow();
            if (reason == null && exhausted) {
                break;
            }
            if (reason != null) {
                problems.add(DatasetProblem.atLine(lines.lineNumber(), reason));
            } else {
                sink.accept(takePending());
            }
        }
        problems.throwIfAny(SUMMARY);
        DatasetCounts counts = tally.snapshot();
        if (counts.total() == 0) {
            throw new DatasetFormatException(SUMMARY, DatasetProblem.atLine(1,
                    "no data rows: the file has only the header '" + HEADER + "'"));
        }
        return counts;
    }

    /** {@link #readAll(Consumer)} without keeping the faces: checks the whole file and counts it. */
    public DatasetCounts validate() {
        return readAll(face -> { });
    }

    /** Faces in file order; throws {@link DatasetFormatException} (one problem) at the first bad row. */
    public Iterator<FaceImage> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (pending == null && !exhausted) {
                    String reason = nextRow();
                    if (reason != null) {
                        throw new DatasetFormatException(SUMMARY, DatasetProblem.atLine(lines.lineNumber(), reason));
                    }
                }
                return pending != null;
            }

            @Override
            public FaceImage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return takePending();
            }
        };
    }

    /** {@link #iterator()} as a sequential stream; closing the stream closes this reader. */
    public Stream<FaceImage> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    /** Counts of the rows read so far (all of them after a full pass). */
    public DatasetCounts counts() {
        return tally.snapshot();
    }

    /** The line last read (1 = header). */
    public long lineNumber() {
        return lines.lineNumber();
    }

    @Override
    public void close() {
        try {
            input.stream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeQuietly() {
        closeQuietly(input.stream());
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the format problem is what the caller needs to hear about
        }
    }

    private FaceImage takePending() {
        FaceImage face = pending;
        pending = null;
        return face;
    }

    /** Reads the next non-blank line into {@link #pending}; returns why it is invalid, or null. */
    private String nextRow() {
        while (advance()) {
            if (lines.tooLong()) {
                return "line is longer than " + MAX_LINE_BYTES + " bytes; a FER2013 row is about 9,300";
            }
            if (isBlank(lines.bytes(), lines.start(), lines.end())) {
                continue;
            }
            String reason = parser.parse(lines.bytes(), lines.start(), lines.end());
            if (reason == null) {
                pending = parser.face();
                tally.add(pending);
                limits.checkRows(++rows);
            }
            return reason;
        }
        exhausted = true;
        return null;
    }

    private boolean advance() {
        try {
            return lines.next();
        } catch (ZipException | EOFException e) {
            if (input.gzip()) {
                throw new DatasetFormatException(SUMMARY, DatasetProblem.atLine(lines.lineNumber() + 1,
                        "the gzip data is truncated or corrupt (" + e.getMessage() + ")"));
            }
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkHeader() {
        if (input.zip()) {
            throw new DatasetFormatException(SUMMARY, DatasetProblem.general(
                    "the input is a zip archive, not a CSV: unzip it, or upload it as an image-folder archive"));
        }
        if (!advance()) {
            throw new DatasetFormatException(SUMMARY, DatasetProblem.general(
                    "the input is empty; expected a CSV starting with the header '" + HEADER + "'"));
        }
        String found = headerText();
        if (found.replace("\"", "").equals(HEADER)) {
            return;
        }
        throw new DatasetFormatException(SUMMARY, DatasetProblem.atLine(1, headerProblem(found)));
    }

    private String headerText() {
        if (lines.tooLong()) {
            return "(a line longer than " + MAX_LINE_BYTES + " bytes)";
        }
        int start = lines.start();
        byte[] b = lines.bytes();
        if (lines.end() - start >= 3 && b[start] == (byte) 0xEF && b[start + 1] == (byte) 0xBB && b[start + 2] == (byte) 0xBF) {
            start += 3;
        }
        int length = Math.min(lines.end() - start, 1024);
        return new String(b, start, length, StandardCharsets.UTF_8).strip();
    }

    private static String headerProblem(String found) {
        String expected = "the first line must be the header '" + HEADER + "'";
        if (found.isEmpty()) {
            return expected + ", found an empty line";
        }
        if (Character.isDigit(found.charAt(0))) {
            return "missing header: " + expected + ", but it looks like a data row";
        }
        byte[] foundBytes = found.getBytes(StandardCharsets.UTF_8);
        String shown = Fer2013RowParser.shown(foundBytes, 0, foundBytes.length);
        List<String> columns = Arrays.asList(found.replace("\"", "").split(","));
        if (columns.size() == 3 && Set.copyOf(columns).equals(Set.of("emotion", "pixels", "Usage"))) {
            return expected + " (the Kaggle column order; other orders are not supported), found '" + shown + "'";
        }
        if (found.replace("\"", "").equals("emotion,pixels")) {
            return expected + ", found '" + shown + "': this looks like the Kaggle competition's train.csv, "
                    + "which has no Usage column; use fer2013.csv";
        }
        return expected + ", found '" + shown + "'";
    }

    private static boolean isBlank(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
