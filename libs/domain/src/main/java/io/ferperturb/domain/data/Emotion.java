package io.ferperturb.domain.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The seven FER2013 classes, in the dataset's label order (0 = angry … 6 = neutral). */
public enum Emotion {
    ANGRY, DISGUST, FEAR, HAPPY, SAD, SURPRISE, NEUTRAL;

    public static final int COUNT = values().length;

    /** Lower-case name as used on the wire ("happy"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** FER2013 label index, 0–6. */
    public int index() {
        return ordinal();
    }

    public static Emotion of(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("emotion must be 0–6, got " + index);
        }
        return values()[index];
    }

    /** Accepts the wire label in any case ("Happy", "happy"). */
    public static Emotion ofLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }

    /** The class names in label order, as events and model.json list them. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Emotion::label).toList();
    }
}
