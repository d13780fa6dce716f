package io.ferperturb.domain.data;

import static io.ferperturb.domain.data.TestFaces.HEADER_LINE;
import static io.ferperturb.domain.data.TestFaces.pixels;
import static io.ferperturb.domain.data.TestFaces.utf8;
import static io.ferperturb.domain.data.TestFaces.validRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Fer2013CsvReaderTest {

    @Test
    void readsFacesInFileOrderAndCountsThem() {
        List<FaceImage> faces = TestFaces.faces(20);
        List<FaceImage> read = new ArrayList<>();

        DatasetCounts counts;
        try (Fer2013CsvReader reader = Fer2013CsvReader.open(new ByteArrayInputStream(TestFaces.csv(faces)))) {
            counts = reader.readAll(read::add);
        }

        assertEquals(faces.size(), read.size());
        for (int i = 0; i < faces.size(); i++) {
            assertTrue(TestFaces.samePixels(faces.get(i), read.get(i)), "face " + i);
        }
        assertEquals(20, counts.total());
        assertEquals(faces.stream().filter(f -> f.split() == Split.TRAINING).count(), counts.count(Split.TRAINING));
        assertEquals(faces.stream().filter(f -> f.split() == Split.PUBLIC_TEST && f.emotion() == 3).count(),
                counts.count(Split.PUBLIC_TEST, Emotion.HAPPY));
        assertEquals(List.of("Training", "PublicTest", "PrivateTest"), List.copyOf(counts.counts().keySet()));
    }

    @Test
    void decompressesGzipInputWithoutBeingTold() throws IOException {
        List<FaceImage> faces = TestFaces.faces(5);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(TestFaces.csv(faces));
        }

        DatasetCounts counts = Fer2013CsvReader.validate(new ByteArrayInputStream(gz.toByteArray()));

        assertEquals(5, counts.total());
    }

    @Test
    void toleratesBomCrlfSurroundingWhitespaceQuotedPixelsAndBlankLines() {
        String text = "\uFEFF  emotion,pixels,Usage \r\n"
                + "3,\"" + pixels(FaceImage.PIXELS, 7) + "\",Training\r\n"
                + "\r\n"
                + " 5 , " + pixels(FaceImage.PIXELS, 255) + " , PrivateTest\r\n";

        List<FaceImage> read = new ArrayList<>();
        try (Fer2013CsvReader reader = Fer2013CsvReader.open(new ByteArrayInputStream(utf8(text)))) {
            reader.readAll(read::add);
        }

        assertEquals(2, read.size());
        assertEquals(3, read.get(0).emotion());
        assertEquals(7, read.get(0).pixel(47, 47));
        assertEquals(Split.PRIVATE_TEST, read.get(1).split());
        assertEquals(255, read.get(1).pixel(0, 0));
    }

    @Test
    void lastRowWithoutNewlineIsRead() {
        String text = HEADER_LINE + validRow(1, "Training").strip();

        assertEquals(1, Fer2013CsvReader.validate(new ByteArrayInputStream(utf8(text))).total());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2303 values     | 2303 | 128 | 2 | Training    | expected 2304 pixel values, found 2303
            2305 values     | 2305 | 128 | 2 | Training    | expected 2304 pixel values, found 2305
            value 256       | 2304 | 256 | 2 | Training    | pixel value 1 is 256, must be 0-255
            non-numeric     | 2304 | x1  | 2 | Training    | pixel value 1 is not a number: 'x1'
            emotion 7       | 2304 | 128 | 7 | Training    | emotion must be an integer 0-6, found '7'
            emotion -1      | 2304 | 128 | -1| Training    | emotion must be an integer 0-6, found '-1'
            emotion word    | 2304 | 128 | sad | Training  | emotion must be an integer 0-6, found 'sad'
            bad Usage       | 2304 | 128 | 2 | Validation  | Usage must be Training, PublicTest or PrivateTest, found 'Validation'
            """)
    void reportsEachRowProblemWithItsLineNumber(String name, int count, String value, String emotion, String usage,
                                                String reason) {
        String badRow = emotion + "," + String.join(" ", java.util.Collections.nCopies(count, value)) + "," + usage + "\n";
        String text = HEADER_LINE + validRow(0, "Training") + validRow(1, "PublicTest") + badRow + validRow(2, "Training");

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.validate(new ByteArrayInputStream(utf8(text))));

        assertEquals(1, error.problems().size());
        assertEquals(4, error.problems().get(0).line());
        assertEquals(reason, error.problems().get(0).reason());
        assertTrue(error.getMessage().contains("line 4: " + reason), error.getMessage());
    }

    @Test
    void reportsAllProblemsOfOneRowTogether() {
        String text = HEADER_LINE + "9," + pixels(3, 1) + ",Train\n";

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.validate(new ByteArrayInputStream(utf8(text))));

        String reason = error.problems().get(0).reason();
        assertTrue(reason.contains("emotion must be an integer 0-6, found '9'"), reason);
        assertTrue(reason.contains("expected 2304 pixel values, found 3"), reason);
        assertTrue(reason.contains("found 'Train'"), reason);
    }

    @Test
    void wrongFieldCountIsReported() {
        String text = HEADER_LINE + "1," + pixels(FaceImage.PIXELS, 1) + "\n";

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.validate(new ByteArrayInputStream(utf8(text))));

        assertEquals(DatasetProblem.atLine(2, "expected 3 comma-separated fields (emotion,pixels,Usage), found 2"),
                error.problems().get(0));
    }

    @Test
    void keepsGoingPastBadRowsAndStopsAfterTenProblems() {
        StringBuilder text = new StringBuilder(HEADER_LINE);
        List<Long> badLines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean bad = i % 3 == 1;
            text.append(bad ? "8," + pixels(FaceImage.PIXELS, 1) + ",Training\n" : validRow(i % 7, "Training"));
            if (bad) {
                badLines.add(i + 2L);
            }
        }

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.validate(new ByteArrayInputStream(utf8(text.toString()))));

        assertEquals(DatasetFormatException.MAX_PROBLEMS, error.problems().size());
        assertEquals(badLines.subList(0, 10), error.problems().stream().map(DatasetProblem::line).toList());
        for (long line : badLines.subList(0, 10)) {
            assertTrue(error.getMessage().contains("line " + line + ": emotion"), error.getMessage());
        }
        assertFalse(error.getMessage().contains("line " + badLines.get(10) + ":"));
    }

    @Test
    void findsABadRowFarAfterAnEarlierOne() {
        StringBuilder text = new StringBuilder(HEADER_LINE).append("0,1 2,Training\n");
        for (int i = 0; i < 100; i++) {
            text.append(validRow(4, "PublicTest"));
        }
        text.append("0,").append(pixels(FaceImage.PIXELS, 1)).append(",Test\n");

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.validate(new ByteArrayInputStream(utf8(text.toString()))));

        assertEquals(List.of(2L, 103L), error.problems().stream().map(DatasetProblem::line).toList());
    }

    @Test
    void iterationStopsAtTheFirstBadRow() {
        String text = HEADER_LINE + validRow(0, "Training") + "0,1,Training\n" + validRow(1, "Training");
        try (Fer2013CsvReader reader = Fer2013CsvReader.open(new ByteArrayInputStream(utf8(text)))) {
            Iterator<FaceImage> faces = reader.iterator();
            assertEquals(0, faces.next().emotion());

            DatasetFormatException error = assertThrows(DatasetFormatException.class, faces::hasNext);

            assertEquals(3, error.problems().get(0).line());
        }
    }

    @Test
    void wrongColumnOrderIsRejectedNamingTheKaggleOrder() {
        String text = "emotion,Usage,pixels\n1,Training," + pixels(FaceImage.PIXELS, 1) + "\n";

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.open(new ByteArrayInputStream(utf8(text))));

        DatasetProblem problem = error.problems().get(0);
        assertEquals(1, problem.line());
        assertTrue(problem.reason().contains("'emotion,pixels,Usage'"), problem.reason());
        assertTrue(problem.reason().contains("Kaggle column order"), problem.reason());
        assertTrue(problem.reason().contains("found 'emotion,Usage,pixels'"), problem.reason());
    }

    @Test
    void missingHeaderIsRecognised() {
        String text = validRow(1, "Training");

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.open(new ByteArrayInputStream(utf8(text))));

        assertTrue(error.problems().get(0).reason().startsWith("missing header"), error.getMessage());
    }

    @Test
    void competitionTrainCsvWithoutUsageIsExplained() {
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.open(new ByteArrayInputStream(utf8("emotion,pixels\n"))));

        assertTrue(error.getMessage().contains("no Usage column"), error.getMessage());
    }

    @Test
    void emptyInputIsAClearError() {
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.open(new ByteArrayInputStream(new byte[0])));

        assertTrue(error.getMessage().contains("the input is empty"), error.getMessage());
    }

    @Test
    void headerWithoutRowsFailsTheFullPass() {
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.validate(new ByteArrayInputStream(utf8(HEADER_LINE))));

        assertTrue(error.getMessage().contains("no data rows"), error.getMessage());
    }

    @Test
    void zipArchiveIsNamedAsSuch() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("fer2013.csv"));
            out.write(utf8(HEADER_LINE));
        }

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.open(new ByteArrayInputStream(zip.toByteArray())));

        assertTrue(error.getMessage().contains("zip archive"), error.getMessage());
    }

    @Test
    void truncatedGzipIsAFormatError() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(TestFaces.csv(TestFaces.faces(50)));
        }
        byte[] truncated = java.util.Arrays.copyOf(gz.toByteArray(), gz.size() / 2);

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.validate(new ByteArrayInputStream(truncated)));

        assertTrue(error.getMessage().contains("gzip data is truncated or corrupt"), error.getMessage());
    }

    @Test
    void overlongLineIsReportedWithoutBufferingIt() {
        byte[] junk = new byte[1_000_000];
        java.util.Arrays.fill(junk, (byte) '1');
        byte[] text = concat(utf8(HEADER_LINE), junk, utf8("\n" + validRow(0, "Training")));

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Fer2013CsvReader.validate(new ByteArrayInputStream(text)));

        assertEquals(1, error.problems().size());
        assertEquals(2, error.problems().get(0).line());
        assertTrue(error.problems().get(0).reason().contains("longer than"), error.getMessage());
    }

    @Test
    void readsTheFirstRowsOfAHugeStreamWithoutConsumingIt() {
        GeneratedCsvStream huge = new GeneratedCsvStream(15_000);
        assertTrue(huge.totalBytes() > 100_000_000L);

        try (Fer2013CsvReader reader = Fer2013CsvReader.open(huge)) {
            Iterator<FaceImage> faces = reader.iterator();
            for (int i = 0; i < 5; i++) {
                assertEquals(i % Emotion.COUNT, faces.next().emotion());
            }
        }

        assertTrue(huge.bytesServed() < 1_000_000, "served " + huge.bytesServed() + " bytes");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
