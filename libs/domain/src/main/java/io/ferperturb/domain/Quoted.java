package io.ferperturb.domain;

/** A user's text as a message quotes it: cut short, so that an overlong id or value never makes an overlong answer. */
public final class Quoted {
    /** How much of a value a message quotes by default. */
    public static final int MAX = 80;

    private Quoted() {
    }

    /** At most {@value #MAX} characters, the cut marked with "..."; null stays null. */
    public static String shortened(String value) {
        return shortened(value, MAX);
    }

    /** At most {@code max} characters (at least 4), the cut marked with "..."; null stays null. */
    public static String shortened(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 3) + "...";
    }
}
