package io.ferperturb.domain.data;

/**
 * A dataset broke one of the {@link UploadLimits}: reading stopped there and nothing was kept. A format error
 * still (callers that treat every unreadable dataset alike keep working); an upload endpoint answers 413 and
 * names the setting, whose key ends in {@link Limit#property()}.
 */
public class DatasetTooLargeException extends DatasetFormatException {
    /** Which cap was reached; {@link #property()} is the setting's name without a service's prefix. */
    public enum Limit {
        DECOMPRESSED_BYTES("max-decompressed-bytes"),
        ROWS("max-rows"),
        ENTRIES("max-entries"),
        ENTRY_BYTES("max-entry-bytes");

        private final String property;

        Limit(String property) {
            this.property = property;
        }

        public String property() {
            return property;
        }
    }

    private final transient Limit limit;

    /** @param source the file or entry that broke the limit; null when the dataset as a whole did */
    public DatasetTooLargeException(Limit limit, String source, String reason) {
        super("the dataset is larger than this server accepts",
                source == null ? DatasetProblem.general(reason) : DatasetProblem.inFile(source, reason));
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
