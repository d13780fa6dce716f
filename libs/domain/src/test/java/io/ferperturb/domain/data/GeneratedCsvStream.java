package io.ferperturb.domain.data;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A FER2013 CSV of any length produced on demand, counting how much of it was actually read. */
final class GeneratedCsvStream extends InputStream {
    private final byte[] header = TestFaces.utf8(TestFaces.HEADER_LINE);
    private final byte[][] rows = new byte[Emotion.COUNT][];
    private final long rowCount;
    private long rowIndex = -1;
    private byte[] current = header;
    private int position;
    private long served;

    GeneratedCsvStream(long rowCount) {
        this.rowCount = rowCount;
        for (int e = 0; e < rows.length; e++) {
            rows[e] = TestFaces.validRow(e, "Training").getBytes(StandardCharsets.US_ASCII);
        }
    }

    long totalBytes() {
        long total = header.length;
        for (long r = 0; r < rowCount; r++) {
            total += rows[(int) (r % rows.length)].length;
        }
        return total;
    }

    long bytesServed() {
        return served;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position == current.length) {
            if (rowIndex + 1 >= rowCount) {
                return -1;
            }
            rowIndex++;
            current = rows[(int) (rowIndex % rows.length)];
            position = 0;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        served += n;
        return n;
    }
}
