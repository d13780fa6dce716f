package io.ferperturb.bench;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.synthetic.SyntheticFaceGenerator;

/**
 * Measures single-thread generation speed: {@code java ... SyntheticFaceBench [faces]} prints
 * {@code faces_per_s=<x>} after drawing the faces (default 50,000) once untimed for warm-up and once timed.
 */
public final class SyntheticFaceBench {
    private SyntheticFaceBench() {
    }

    public static void main(String[] args) {
        int faces = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(42);
        long checksum = run(generator, faces);
        long start = System.nanoTime();
        checksum += run(generator, faces);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "faces_per_s=%.0f%n", faces / seconds);
        System.out.println("checksum=" + checksum);
    }

    private static long run(SyntheticFaceGenerator generator, int faces) {
        long sum = 0;
        for (int k = 0; k < faces; k++) {
            byte[] pixels = generator.draw(Emotion.of(k % Emotion.COUNT), k / Emotion.COUNT);
            sum += pixels[k % pixels.length];
        }
        return sum;
    }
}
