package io.ferperturb.domain.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An input stream whose first bytes were looked at, so callers need not say whether an upload is
 * gzip-compressed: gzip (magic 1f 8b) is decompressed transparently, a zip archive (PK 03 04) is
 * recognised so that a CSV reader can say what it got instead of reporting a garbled header. What the
 * stream yields (after gzip) is capped by {@link UploadLimits#maxDecompressedBytes()}.
 */
record SniffedInput(InputStream stream, boolean gzip, boolean zip) {
    private static final int BUFFER_BYTES = 1 << 16;

    /**
     * @throws DatasetFormatException if the gzip magic is followed by something that is not a gzip header
     */
    static SniffedInput of(InputStream raw, UploadLimits limits) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER_BYTES);
        buffered.mark(4);
        int b0 = buffered.read();
        int b1 = buffered.read();
        int b2 = buffered.read();
        int b3 = buffered.read();
        buffered.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new SniffedInput(new CappedInputStream(gunzip(buffered), limits), true, false);
        }
        boolean zip = b0 == 'P' && b1 == 'K' && b2 == 3 && b3 == 4;
        return new SniffedInput(new CappedInputStream(buffered, limits), false, zip);
    }

    private static InputStream gunzip(InputStream in) throws IOException {
        try {
            return new GZIPInputStream(in, BUFFER_BYTES);
        } catch (ZipException | EOFException e) {
            throw new DatasetFormatException("not a valid FER2013 CSV", DatasetProblem.general(
                    "the input starts like gzip but its header is truncated or corrupt (" + e.getMessage() + ")"));
        }
    }
}
