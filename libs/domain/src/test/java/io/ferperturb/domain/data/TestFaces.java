package io.ferperturb.domain.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Deterministic faces and CSV text for the format tests. */
final class TestFaces {
    static final String HEADER_LINE = "emotion,pixels,Usage\n";

    private TestFaces() {
    }

    static FaceImage face(long seed, int emotion, Split split) {
        byte[] pixels = new byte[FaceImage.PIXELS];
        new Random(seed).nextBytes(pixels);
        return new FaceImage(emotion, split, pixels);
    }

    /** {@code n} faces cycling through classes and splits (every third face is a test face). */
    static List<FaceImage> faces(int n) {
        List<FaceImage> faces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Split split = i % 3 == 0 ? Split.values()[1 + (i / 3) % 2] : Split.TRAINING;
            faces.add(face(i, i % Emotion.COUNT, split));
        }
        return faces;
    }

    /** The pixels field for {@code count} values all equal to {@code value}. */
    static String pixels(int count, int value) {
        return IntStream.range(0, count).mapToObj(i -> Integer.toString(value)).collect(Collectors.joining(" "));
    }

    static String validRow(int emotion, String usage) {
        return emotion + "," + pixels(FaceImage.PIXELS, 128) + "," + usage + "\n";
    }

    static byte[] csv(List<FaceImage> faces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(out)) {
            faces.forEach(writer::write);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static boolean samePixels(FaceImage a, FaceImage b) {
        return a.emotion() == b.emotion() && a.split() == b.split() && Arrays.equals(a.pixels(), b.pixels());
    }
}
