package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class Fer2013CsvWriterTest {

    @Test
    void writtenFacesReadBackUnchanged() {
        List<FaceImage> faces = TestFaces.faces(30);
        faces.set(0, new FaceImage(6, Split.PRIVATE_TEST, new byte[FaceImage.PIXELS]));

        byte[] csv = TestFaces.csv(faces);

        try (Fer2013CsvReader reader = Fer2013CsvReader.open(new ByteArrayInputStream(csv))) {
            List<FaceImage> read = reader.stream().toList();
            assertEquals(faces.size(), read.size());
            for (int i = 0; i < faces.size(); i++) {
                assertTrue(TestFaces.samePixels(faces.get(i), read.get(i)), "face " + i);
            }
        }
    }

    @Test
    void rewritingAKaggleStyleFileReproducesItByteForByte() {
        String kaggle = TestFaces.HEADER_LINE
                + "0," + TestFaces.pixels(FaceImage.PIXELS, 70) + ",Training\n"
                + "3," + TestFaces.pixels(FaceImage.PIXELS, 0) + ",PublicTest\n"
                + "6," + TestFaces.pixels(FaceImage.PIXELS, 255) + ",PrivateTest\n";
        byte[] original = TestFaces.utf8(kaggle);

        byte[] rewritten;
        try (Fer2013CsvReader reader = Fer2013CsvReader.open(new ByteArrayInputStream(original))) {
            rewritten = TestFaces.csv(reader.stream().toList());
        }

        assertArrayEquals(original, rewritten);
    }

    @Test
    void gzipOutputIsGzipAndReadsBack() {
        List<FaceImage> faces = TestFaces.faces(12);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = Fer2013CsvWriter.gzip(out)) {
            writer.writeAll(faces);
            assertEquals(12, writer.rowsWritten());
        }
        byte[] gz = out.toByteArray();

        assertEquals(0x1f, gz[0] & 0xFF);
        assertEquals(0x8b, gz[1] & 0xFF);
        assertEquals(12, Fer2013CsvReader.validate(new ByteArrayInputStream(gz)).total());
    }

    @Test
    void emptyDatasetIsJustTheHeader() {
        assertArrayEquals(TestFaces.utf8(TestFaces.HEADER_LINE), TestFaces.csv(List.of()));
    }
}
