package io.ferperturb.domain.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes faces as the Kaggle FER2013 CSV (header {@value Fer2013CsvReader#HEADER}, single spaces between
 * pixel values, '\n' line ends), optionally gzip-compressed. A file written here and read back with
 * {@link Fer2013CsvReader} gives the same faces, and re-writing what the reader read from a file in the
 * Kaggle layout reproduces it byte for byte. {@link #close()} finishes gzip and closes the stream.
 * I/O failures surface as {@link UncheckedIOException}.
 */
public final class Fer2013CsvWriter implements AutoCloseable {
    private static final byte[][] DECIMALS = new byte[256][];

    static {
        for (int v = 0; v < DECIMALS.length; v++) {
            DECIMALS[v] = Integer.toString(v).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Longest row: "6," + 2304 × "255 " + "PrivateTest\n". */
    private final byte[] row = new byte[2 + FaceImage.PIXELS * 4 + 16];
    private final OutputStream out;
    private long rowsWritten;

    /** A plain-text CSV on {@code out}; the header is written at once. */
    public Fer2013CsvWriter(OutputStream out) {
        this(out, false);
    }

    public Fer2013CsvWriter(OutputStream out, boolean gzip) {
        try {
            OutputStream target = gzip ? new GZIPOutputStream(out, 1 << 16) : out;
            this.out = new BufferedOutputStream(target, 1 << 16);
            this.out.write((Fer2013CsvReader.HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gzip-compressed CSV on {@code out}. */
    public static Fer2013CsvWriter gzip(OutputStream out) {
        return new Fer2013CsvWriter(out, true);
    }

    public void write(FaceImage face) {
        int n = 0;
        row[n++] = (byte) ('0' + face.emotion());
        row[n++] = ',';
        byte[] pixels = face.pixels();
        for (int i = 0; i < pixels.length; i++) {
            if (i > 0) {
                row[n++] = ' ';
            }
            byte[] digits = DECIMALS[pixels[i] & 0xFF];
            for (byte digit : digits) {
                row[n++] = digit;
            }
        }
        row[n++] = ',';
        for (char c : face.split().usage().toCharArray()) {
            row[n++] = (byte) c;
        }
        row[n++] = '\n';
        try {
            out.write(row, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rowsWritten++;
    }

    public void writeAll(Iterable<FaceImage> faces) {
        faces.forEach(this::write);
    }

    public long rowsWritten() {
        return rowsWritten;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
