package io.ferperturb.domain.data;

/**
 * How much one untrusted dataset may expand to while it is read: a few hundred kilobytes of gzip or zip can
 * decompress to gigabytes, so every reader counts what it decompresses and stops at these caps with a
 * {@link DatasetTooLargeException}. {@link #DEFAULT} fits the real FER2013 CSV (≈300 MB, 35,887 rows) with room.
 *
 * @param maxDecompressedBytes bytes a CSV (after gzip) or all images of an archive or S3 prefix may hold
 * @param maxRows              CSV rows, or images of an archive or S3 prefix
 * @param maxEntries           entries of a zip archive or objects under an S3 prefix (folders and skipped
 *                             files count too)
 * @param maxEntryBytes        bytes of one image file
 */
public record UploadLimits(long maxDecompressedBytes, long maxRows, long maxEntries, long maxEntryBytes) {
    /** 1 GiB, 200,000 rows, 100,000 entries, 10 MiB an image. */
    public static final UploadLimits DEFAULT = new UploadLimits(1L << 30, 200_000, 100_000, 10L << 20);

    public UploadLimits {
        if (maxDecompressedBytes < 1 || maxRows < 1 || maxEntries < 1 || maxEntryBytes < 1) {
            throw new IllegalArgumentException("upload limits are positive, got " + maxDecompressedBytes + " bytes, "
                    + maxRows + " rows, " + maxEntries + " entries, " + maxEntryBytes + " bytes an entry");
        }
    }

    /** @throws DatasetTooLargeException once {@code rows} rows (or images) have been read and that is too many */
    void checkRows(long rows) {
        if (rows > maxRows) {
            throw new DatasetTooLargeException(DatasetTooLargeException.Limit.ROWS, null,
                    "the dataset has more than " + maxRows + " rows (images); at most " + maxRows + " are accepted");
        }
    }

    /** @throws DatasetTooLargeException if the entries or objects seen so far are too many */
    void checkEntries(long entries) {
        if (entries > maxEntries) {
            throw new DatasetTooLargeException(DatasetTooLargeException.Limit.ENTRIES, null,
                    "the archive or prefix holds more than " + maxEntries + " entries; at most " + maxEntries
                            + " are accepted");
        }
    }

    /** @throws DatasetTooLargeException if the bytes decompressed so far are too many */
    void checkDecompressedBytes(long bytes) {
        if (bytes > maxDecompressedBytes) {
            throw new DatasetTooLargeException(DatasetTooLargeException.Limit.DECOMPRESSED_BYTES, null,
                    "the dataset decompresses to more than " + describe(maxDecompressedBytes) + "; at most "
                            + describe(maxDecompressedBytes) + " are accepted");
        }
    }

    /** @throws DatasetTooLargeException naming {@code name} if one image file is too large */
    void checkEntryBytes(String name, long bytes) {
        if (bytes > maxEntryBytes) {
            throw new DatasetTooLargeException(DatasetTooLargeException.Limit.ENTRY_BYTES, name,
                    "larger than " + describe(maxEntryBytes) + " uncompressed; an image file of at most "
                            + describe(maxEntryBytes) + " is accepted");
        }
    }

    /** Bytes in the largest whole unit: "1 GiB", "10 MiB", "1500 bytes". */
    static String describe(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + " GiB";
        }
        if (bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + " MiB";
        }
        if (bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
