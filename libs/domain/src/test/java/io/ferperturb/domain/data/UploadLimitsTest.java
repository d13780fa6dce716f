package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Every decompression of an untrusted dataset is capped: a gzip CSV, a plain CSV, a zip archive and a list of
 * files each stop at the first limit they break, saying which; gzip and zip bytes that are damaged in any way are
 * format errors, never another exception.
 */
class UploadLimitsTest {
    private static final UploadLimits SMALL = new UploadLimits(200_000, 5, 20, 4_000);

    @Test
    void theDefaultsAdmitTheRealFer2013Csv() {
        assertTrue(UploadLimits.DEFAULT.maxDecompressedBytes() > 300L * 1024 * 1024);
        assertTrue(UploadLimits.DEFAULT.maxRows() > 35_887);
        assertTrue(UploadLimits.DEFAULT.maxEntries() > 35_887 + 14 + 2, "every FER2013 image, its folders and the roots");
    }

    @Test
    void aGzipBombOfBlankLinesStopsAtTheDecompressedBytes() throws IOException {
        byte[] bomb = gzip(concat(TestFaces.utf8(Fer2013CsvReader.HEADER + "\n"), blank(5_000_000)));
        assertTrue(bomb.length < 20_000, "the bomb is small: " + bomb.length);

        DatasetTooLargeException error = assertThrows(DatasetTooLargeException.class,
                () -> Fer2013CsvReader.open(new ByteArrayInputStream(bomb), SMALL).validate());

        assertEquals(DatasetTooLargeException.Limit.DECOMPRESSED_BYTES, error.limit());
        assertTrue(error.getMessage().contains("200000 bytes"), error.getMessage());
    }

    @Test
    void aPlainCsvIsCappedToo() {
        byte[] csv = concat(TestFaces.utf8(Fer2013CsvReader.HEADER + "\n"), blank(300_000));

        DatasetTooLargeException error = assertThrows(DatasetTooLargeException.class,
                () -> Fer2013CsvReader.open(new ByteArrayInputStream(csv), SMALL).validate());

        assertEquals(DatasetTooLargeException.Limit.DECOMPRESSED_BYTES, error.limit());
    }

    @Test
    void rowsPastTheLimitStopTheRead() throws IOException {
        byte[] csv = gzip(TestFaces.csv(TestFaces.faces(6)));
        UploadLimits fiveRows = new UploadLimits(1L << 30, 5, 20, 4_000);

        DatasetTooLargeException error = assertThrows(DatasetTooLargeException.class,
                () -> Fer2013CsvReader.open(new ByteArrayInputStream(csv), fiveRows).validate());

        assertEquals(DatasetTooLargeException.Limit.ROWS, error.limit());
        assertEquals(5, Fer2013CsvReader.open(new ByteArrayInputStream(gzip(TestFaces.csv(TestFaces.faces(5)))),
                fiveRows).validate().total(), "five rows are within a limit of five");
    }

    @Test
    void gzipMagicFollowedByJunkIsAFormatError() {
        byte[] junk = {0x1f, (byte) 0x8b, 'n', 'o', 't', ' ', 'g', 'z', 'i', 'p'};
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.validate(new ByteArrayInputStream(junk)));
        assertFalse(error instanceof DatasetTooLargeException);
        assertTrue(error.getMessage().contains("gzip"), error.getMessage());

        byte[] magicOnly = {0x1f, (byte) 0x8b};
        assertThrows(DatasetFormatException.class, () -> Fer2013CsvReader.validate(new ByteArrayInputStream(magicOnly)));
    }

    @Test
    void anyDamageToAGzipCsvIsAFormatErrorOrStillACsv() throws IOException {
        byte[] gzip = gzip(TestFaces.csv(TestFaces.faces(20)));
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] damaged = damage(gzip, random);
            try {
                Fer2013CsvReader.open(new ByteArrayInputStream(damaged), SMALL).validate();
            } catch (DatasetFormatException expected) {
                // a refusal the user can read: what the upload endpoint answers with 400 or 413
            }
        }
    }

    @Test
    void anyDamageToAZipIsAFormatErrorOrStillAnArchive() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Emotion emotion : Emotion.values()) {
            files.put("train/" + emotion.label() + "/0.png", TestImages.png(TestImages.grey(48, 10 * emotion.index())));
            files.put("test/" + emotion.label() + "/0.png", TestImages.png(TestImages.grey(48, 5 * emotion.index())));
        }
        byte[] zip = zip(files);
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            byte[] damaged = damage(zip, random);
            try {
                ImageFolderReader.readZip(new ByteArrayInputStream(damaged), SMALL, face -> { });
            } catch (DatasetFormatException expected) {
                // as for gzip
            }
        }
    }

    @Test
    void aTruncatedZipIsNamedAsSuch() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train/happy/0.png", TestImages.png(TestImages.grey(48, 1)));
        files.put("test/happy/0.png", TestImages.png(TestImages.grey(48, 2)));
        byte[] zip = zip(files);
        byte[] truncated = Arrays.copyOf(zip, 60);

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageFolderReader.readZip(new ByteArrayInputStream(truncated), face -> { }));

        assertTrue(error.getMessage().contains("truncated or corrupt"), error.getMessage());
    }

    @Test
    void zipEntriesImageBytesAndImagesAreEachCapped() {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 21; i++) {
            many.put("notes/" + i + ".txt", new byte[1]);
        }
        assertEquals(DatasetTooLargeException.Limit.ENTRIES, assertThrows(DatasetTooLargeException.class,
                () -> ImageFolderReader.readZip(new ByteArrayInputStream(zip(many)), SMALL, face -> { })).limit());

        Map<String, byte[]> large = Map.of("train/happy/large.png", new byte[4_001]);
        DatasetTooLargeException entry = assertThrows(DatasetTooLargeException.class,
                () -> ImageFolderReader.readZip(new ByteArrayInputStream(zip(large)), SMALL, face -> { }));
        assertEquals(DatasetTooLargeException.Limit.ENTRY_BYTES, entry.limit());
        assertEquals("train/happy/large.png", entry.problems().get(0).source());

        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            images.put("train/happy/" + i + ".png", TestImages.png(TestImages.grey(48, i)));
        }
        assertEquals(DatasetTooLargeException.Limit.ROWS, assertThrows(DatasetTooLargeException.class,
                () -> ImageFolderReader.readZip(new ByteArrayInputStream(zip(images)), SMALL, face -> { })).limit());

        Map<String, byte[]> total = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            total.put("notes/" + i + ".bin", new byte[3_000]);
        }
        UploadLimits smallTotal = new UploadLimits(30_000, 100, 100, 4_000);
        assertEquals(DatasetTooLargeException.Limit.DECOMPRESSED_BYTES, assertThrows(DatasetTooLargeException.class,
                () -> ImageFolderReader.readZip(new ByteArrayInputStream(zip(total)), smallTotal, face -> { })).limit());
    }

    @Test
    void filesFromAPrefixAreCheckedBeforeAnyIsRead() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            names.add("train/happy/" + i + ".png");
        }
        List<String> read = new ArrayList<>();
        ImageFolderReader.FileSource source = new ImageFolderReader.FileSource() {
            @Override
            public long size(String name) {
                return 3_000;
            }

            @Override
            public byte[] read(String name) {
                read.add(name);
                return TestImages.png(TestImages.grey(48, 1));
            }
        };
        UploadLimits smallTotal = new UploadLimits(30_000, 100, 100, 4_000);

        DatasetTooLargeException error = assertThrows(DatasetTooLargeException.class,
                () -> ImageFolderReader.readFiles(names, source, smallTotal, face -> { }));

        assertEquals(DatasetTooLargeException.Limit.DECOMPRESSED_BYTES, error.limit());
        assertTrue(read.isEmpty(), "nothing was read: " + read);
        assertEquals(DatasetTooLargeException.Limit.ENTRIES, assertThrows(DatasetTooLargeException.class,
                () -> ImageFolderReader.readFiles(names, source, new UploadLimits(1L << 30, 100, 11, 4_000),
                        face -> { })).limit());
    }

    /** Truncated, bit-flipped, or with a slice cut out of the middle. */
    private static byte[] damage(byte[] original, Random random) {
        switch (random.nextInt(3)) {
            case 0:
                return Arrays.copyOf(original, 1 + random.nextInt(original.length - 1));
            case 1:
                byte[] flipped = original.clone();
                for (int f = 0; f < 1 + random.nextInt(8); f++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return flipped;
            default:
                int from = random.nextInt(original.length / 2);
                int to = from + 1 + random.nextInt(original.length - from - 1);
                return concat(Arrays.copyOf(original, from), Arrays.copyOfRange(original, to, original.length));
        }
    }

    private static byte[] blank(int length) {
        byte[] lines = new byte[length];
        Arrays.fill(lines, (byte) '\n');
        return lines;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
