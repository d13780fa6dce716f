package io.ferperturb.domain.data;

import java.nio.charset.StandardCharsets;

/**
 * Parses one data row of the FER2013 CSV ({@code emotion,pixels,Usage}) straight from bytes: a 300 MB
 * file has ~83 million pixel values, so no per-value String or Integer is created. Surrounding spaces and
 * double quotes around any field are tolerated (some re-exports quote the pixels field).
 */
final class Fer2013RowParser {
    private static final byte[][] USAGES = new byte[Split.values().length][];

    static {
        for (Split split : Split.values()) {
            USAGES[split.ordinal()] = split.usage().getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final int SHOWN_CHARS = 40;

    private int emotion;
    private Split split;
    private byte[] pixels;

    /**
     * Parses {@code line[start, end)}. Returns null when the row is valid (see {@link #face()}),
     * otherwise every reason the row is wrong, joined with "; ".
     */
    String parse(byte[] line, int start, int end) {
        int firstComma = indexOf(line, start, end, (byte) ',');
        int secondComma = firstComma < 0 ? -1 : indexOf(line, firstComma + 1, end, (byte) ',');
        if (secondComma < 0 || indexOf(line, secondComma + 1, end, (byte) ',') >= 0) {
            return "expected 3 comma-separated fields (emotion,pixels,Usage), found "
                    + (countOf(line, start, end, (byte) ',') + 1);
        }
        String emotionProblem = parseEmotion(line, start, firstComma);
        String pixelProblem = parsePixels(line, firstComma + 1, secondComma);
        String usageProblem = parseUsage(line, secondComma + 1, end);
        return join(join(emotionProblem, pixelProblem), usageProblem);
    }

    /** The row just parsed successfully. */
    FaceImage face() {
        return new FaceImage(emotion, split, pixels);
    }

    private String parseEmotion(byte[] b, int from, int to) {
        long range = unquote(b, from, to);
        int s = (int) (range >>> 32);
        int e = (int) range;
        int value = 0;
        boolean digitsOnly = s < e && e - s <= 9;
        for (int i = s; i < e && digitsOnly; i++) {
            int digit = b[i] - '0';
            digitsOnly = digit >= 0 && digit <= 9;
            value = value * 10 + digit;
        }
        if (!digitsOnly || value >= Emotion.COUNT) {
            return "emotion must be an integer 0-6, found '" + shown(b, s, e) + "'";
        }
        emotion = value;
        return null;
    }

    private String parsePixels(byte[] b, int from, int to) {
        long range = unquote(b, from, to);
        int s = (int) (range >>> 32);
        int e = (int) range;
        byte[] out = new byte[FaceImage.PIXELS];
        int count = 0;
        int i = s;
        while (i < e) {
            byte c = b[i];
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int tokenStart = i;
            int value = 0;
            boolean number = true;
            while (i < e && b[i] != ' ' && b[i] != '\t') {
                int digit = b[i] - '0';
                if (digit < 0 || digit > 9) {
                    number = false;
                } else if (value <= 255) {
                    value = value * 10 + digit;
                }
                i++;
            }
            count++;
            if (!number) {
                return "pixel value " + count + " is not a number: '" + shown(b, tokenStart, i) + "'";
            }
            if (value > 255) {
                return "pixel value " + count + " is " + shown(b, tokenStart, i) + ", must be 0-255";
            }
            if (count <= FaceImage.PIXELS) {
                out[count - 1] = (byte) value;
            }
        }
        if (count != FaceImage.PIXELS) {
            return "expected " + FaceImage.PIXELS + " pixel values, found " + count;
        }
        pixels = out;
        return null;
    }

    private String parseUsage(byte[] b, int from, int to) {
        long range = unquote(b, from, to);
        int s = (int) (range >>> 32);
        int e = (int) range;
        for (Split candidate : Split.values()) {
            if (equalsAscii(b, s, e, USAGES[candidate.ordinal()])) {
                split = candidate;
                return null;
            }
        }
        return "Usage must be Training, PublicTest or PrivateTest, found '" + shown(b, s, e) + "'";
    }

    /** Trims spaces and one pair of surrounding double quotes; returns start << 32 | end. */
    private static long unquote(byte[] b, int s, int e) {
        while (s < e && isBlank(b[s])) {
            s++;
        }
        while (e > s && isBlank(b[e - 1])) {
            e--;
        }
        if (e - s >= 2 && b[s] == '"' && b[e - 1] == '"') {
            s++;
            e--;
            while (s < e && isBlank(b[s])) {
                s++;
            }
            while (e > s && isBlank(b[e - 1])) {
                e--;
            }
        }
        return ((long) s << 32) | (e & 0xFFFFFFFFL);
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static boolean equalsAscii(byte[] b, int s, int e, byte[] expected) {
        if (e - s != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[s + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int countOf(byte[] b, int from, int to, byte wanted) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                n++;
            }
        }
        return n;
    }

    /** A short, printable rendering of user input for an error message. */
    static String shown(byte[] b, int s, int e) {
        String text = new String(b, s, Math.min(e - s, SHOWN_CHARS * 4), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(SHOWN_CHARS).forEach(cp ->
                out.append(Character.isISOControl(cp) ? String.format("\\x%02x", cp) : Character.toString(cp)));
        return text.codePointCount(0, text.length()) > SHOWN_CHARS ? out + "…" : out.toString();
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "; " + b;
    }
}
