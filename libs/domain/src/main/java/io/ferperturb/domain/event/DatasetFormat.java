package io.ferperturb.domain.event;

/** The dataset formats a {@code dataset-ready} event may name. */
public final class DatasetFormat {
    /** The Kaggle file: header {@code emotion,pixels,Usage}. */
    public static final String FER2013_CSV = "fer2013-csv";
    /** This project's sharded format, described by a {@code manifest.json} at the event's uri. */
    public static final String EMOTION_SHARDS = "emotion-shards";

    private DatasetFormat() {
    }

    public static boolean isKnown(String format) {
        return FER2013_CSV.equals(format) || EMOTION_SHARDS.equals(format);
    }
}
