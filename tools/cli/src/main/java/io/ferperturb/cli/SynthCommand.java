package io.ferperturb.cli;

import io.ferperturb.domain.data.Fer2013CsvWriter;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ./run.sh synth --out F.csv [--per-class N] [--seed S] [--imbalance fer2013|none]}: writes
 * synthetic faces as a FER2013 CSV (gzip when the name ends in .gz).
 */
public final class SynthCommand {
    private SynthCommand() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        Path out = Path.of(args.required("out"));
        int perClass = args.integer("per-class", 1000);
        long seed = args.number("seed", 42);
        Imbalance imbalance = Imbalance.valueOf(args.get("imbalance", "none").toUpperCase(Locale.ROOT));
        long t0 = System.nanoTime();
        long rows = write(out, perClass, seed, imbalance);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("wrote %d faces to %s in %.1f s (%.0f faces/s)%n", rows, out, seconds, rows / seconds);
    }

    static long write(Path out, int perClass, long seed, Imbalance imbalance) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
                Fer2013CsvWriter writer = new Fer2013CsvWriter(file, out.toString().endsWith(".gz"))) {
            new SyntheticFaceGenerator(seed).dataset(perClass, imbalance).forEach(writer::write);
            return writer.rowsWritten();
        }
    }
}
