package io.ferperturb.domain.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what a decompressing stream yields and stops it at {@link UploadLimits#maxDecompressedBytes()}, so a
 * small gzip that expands to gigabytes ends as a {@link DatasetTooLargeException} after the cap, not after the disk.
 */
final class CappedInputStream extends FilterInputStream {
    private final UploadLimits limits;
    private long count;

    CappedInputStream(InputStream in, UploadLimits limits) {
        super(in);
        this.limits = limits;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) {
        count += n;
        limits.checkDecompressedBytes(count);
    }
}
