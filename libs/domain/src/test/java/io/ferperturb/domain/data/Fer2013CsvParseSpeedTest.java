package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Measures the CSV reader's throughput on ~60 MB of random faces, plain and gzip; logs it, asserts nothing about time. */
class Fer2013CsvParseSpeedTest {
    private static final Logger LOG = LoggerFactory.getLogger(Fer2013CsvParseSpeedTest.class);
    private static final int ROWS = 7_000;

    @Test
    void parsesAtSeveralTensOfMegabytesPerSecond() throws IOException {
        byte[] csv = randomCsv(ROWS);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = fastGzip(gz)) {
            out.write(csv);
        }

        assertEquals(ROWS, measure("plain", csv, csv.length));
        assertEquals(ROWS, measure("gzip", gz.toByteArray(), csv.length));
    }

    /** Parses twice (the first run warms up the JIT) and logs the second run's speed over the CSV's size. */
    private static long measure(String kind, byte[] input, long csvBytes) {
        parse(input);
        long start = System.nanoTime();
        long rows = parse(input);
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("FER2013 CSV parse ({}): {} MB of CSV in {} s = {} MB/s, {} rows/s", kind,
                String.format("%.1f", csvBytes / 1e6), String.format("%.3f", seconds),
                String.format("%.0f", csvBytes / 1e6 / seconds), String.format("%.0f", rows / seconds));
        return rows;
    }

    /** Default-level compression of 60 MB takes seconds on a small machine; the reader's speed is what matters. */
    private static GZIPOutputStream fastGzip(ByteArrayOutputStream target) throws IOException {
        return new GZIPOutputStream(target) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    private static long parse(byte[] csv) {
        return Fer2013CsvReader.validate(new ByteArrayInputStream(csv)).total();
    }

    private static byte[] randomCsv(int rows) {
        List<FaceImage> distinct = TestFaces.faces(97);
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows * 9_300);
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(out)) {
            for (int i = 0; i < rows; i++) {
                writer.write(distinct.get(i % distinct.size()));
            }
        }
        return out.toByteArray();
    }
}
