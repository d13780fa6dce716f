package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path root;

    /** One image per split and format; values chosen so each face can be told apart. */
    private static Map<String, byte[]> sampleLayout() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train/happy/a.png", TestImages.png(TestImages.grey(48, 10)));
        files.put("train/Sad/b.png", TestImages.png(TestImages.grey(96, 20)));
        files.put("train/ANGRY/c.bmp", TestImages.encode(TestImages.rgb(48, 0x1E1E1E), "bmp"));
        files.put("val/neutral/d.png", TestImages.png(TestImages.grey(48, 40)));
        files.put("test/fear/e.png", TestImages.png(TestImages.grey(48, 50)));
        files.put("test/disgust/f.jpg", TestImages.encode(TestImages.grey(48, 60), "jpg"));
        files.put("README.txt", TestFaces.utf8("not an image"));
        files.put("train/happy/.DS_Store", new byte[] {1, 2, 3});
        return files;
    }

    @Test
    void readsSplitsAndClassesFromADirectory() throws IOException {
        write(root, sampleLayout());
        List<FaceImage> faces = new ArrayList<>();

        DatasetCounts counts = ImageFolderReader.readDirectory(root, faces::add);

        assertEquals(3, counts.count(Split.TRAINING));
        assertEquals(1, counts.count(Split.PUBLIC_TEST, Emotion.NEUTRAL));
        assertEquals(1, counts.count(Split.PRIVATE_TEST, Emotion.DISGUST));
        assertEquals(6, faces.size());
        Map<Integer, FaceImage> byValue = new LinkedHashMap<>();
        faces.forEach(f -> byValue.put(f.pixel(10, 10), f));
        assertEquals(Emotion.SAD.index(), byValue.get(20).emotion(), "the 96x96 image is resized to 48x48");
        assertEquals(Emotion.ANGRY.index(), byValue.get(30).emotion(), "the RGB BMP becomes grey");
        assertEquals(Split.PUBLIC_TEST, byValue.get(40).split());
        assertTrue(Math.abs(faces.stream().filter(f -> f.emotion() == Emotion.DISGUST.index())
                .findFirst().orElseThrow().pixel(5, 5) - 60) <= 2, "JPEG decodes close to its value");
    }

    @Test
    void readsTheSameFromAZipUnderOneTopLevelFolder() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        sampleLayout().forEach((name, content) -> files.put("fer2013/" + name, content));
        files.put("__MACOSX/fer2013/train/happy/._a.png", new byte[] {0, 5});
        List<FaceImage> faces = new ArrayList<>();

        DatasetCounts counts = ImageFolderReader.readZip(new ByteArrayInputStream(zip(files)), faces::add);

        assertEquals(6, counts.total());
        assertEquals(1, counts.count(Split.TRAINING, Emotion.HAPPY));
        assertEquals(10, faces.get(0).pixel(47, 47));
    }

    @Test
    void unknownClassFolderAndUnreadableImageAreNamed() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train/happy/ok.png", TestImages.png(TestImages.grey(48, 1)));
        files.put("train/contempt/x.png", TestImages.png(TestImages.grey(48, 1)));
        files.put("train/sad/broken.png", TestFaces.utf8("this is no PNG"));
        files.put("holdout/sad/y.png", TestImages.png(TestImages.grey(48, 1)));
        write(root, files);

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageFolderReader.readDirectory(root, face -> { }));

        assertEquals(List.of("holdout/sad/y.png", "train/contempt/x.png", "train/sad/broken.png"),
                error.problems().stream().map(DatasetProblem::source).toList());
        assertTrue(error.problems().get(0).reason().contains("unknown split folder 'holdout'"), error.getMessage());
        assertTrue(error.problems().get(1).reason().contains("unknown class folder 'contempt'"), error.getMessage());
        assertTrue(error.problems().get(2).reason().contains("not a readable image"), error.getMessage());
    }

    @Test
    void emptyFolderSaysNothingWasFound() {
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageFolderReader.readDirectory(root, face -> { }));

        assertTrue(error.getMessage().contains("no images found"), error.getMessage());
    }

    @Test
    void somethingThatIsNoZipIsNamedAsSuch() {
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageFolderReader.readZip(new ByteArrayInputStream(TestFaces.utf8(TestFaces.HEADER_LINE)), face -> { }));

        assertTrue(error.getMessage().contains("not a zip archive"), error.getMessage());
    }

    @Test
    void zipEntryOverTenMegabytesIsRejected() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train/happy/bomb.png", new byte[11 * 1024 * 1024]);
        byte[] archive = zip(files);

        DatasetTooLargeException error = assertThrows(DatasetTooLargeException.class,
                () -> ImageFolderReader.readZip(new ByteArrayInputStream(archive), face -> { }));

        assertEquals("train/happy/bomb.png", error.problems().get(0).source());
        assertEquals(DatasetTooLargeException.Limit.ENTRY_BYTES, error.limit());
        assertTrue(error.getMessage().contains("larger than 10 MiB"), error.getMessage());
    }

    @Test
    void zipEntryClimbingOutOfItsFolderIsRejected() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train/happy/../../../evil.png", TestImages.png(TestImages.grey(48, 1)));

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageFolderReader.readZip(new ByteArrayInputStream(zip(files)), face -> { }));

        assertTrue(error.getMessage().contains("'..'"), error.getMessage());
    }

    @Test
    void absurdDimensionsAreRejectedFromTheHeader() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train/happy/huge.png", TestImages.pngHeaderClaiming(100_000, 100_000));

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageFolderReader.readZip(new ByteArrayInputStream(zip(files)), face -> { }));

        assertTrue(error.getMessage().contains("100000x100000"), error.getMessage());
    }

    private static void write(Path root, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
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
}
