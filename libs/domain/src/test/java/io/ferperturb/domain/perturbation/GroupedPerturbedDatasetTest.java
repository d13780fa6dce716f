package io.ferperturb.domain.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.DatasetFormatException;
import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.DirectoryShardSink;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.ShardReader;
import io.ferperturb.domain.data.ShardWriter;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A perturbed dataset as perturb-service writes it: masked copies grouped per image, groups never split. */
class GroupedPerturbedDatasetTest {
    private static final int IMAGES = 13;
    private final RegionMasker masker = new RegionMasker(ClusterMapTest.threeRegions());

    @TempDir
    Path root;

    private static SplitData faces(int count, Split split, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * FaceImage.PIXELS];
        byte[] labels = new byte[count];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(1, 256);
        }
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(7);
        }
        return new SplitData(split, labels, pixels);
    }

    private DatasetManifest writePerturbed(SplitData train, boolean keepOriginal, int recordsPerShard) {
        try (ShardWriter writer = new ShardWriter(new DirectoryShardSink(root), recordsPerShard)) {
            writer.groupTraining(masker.copiesPerImage(keepOriginal));
            writer.write(masker.maskAll(train, Fill.zero(), keepOriginal));
            writer.write(faces(5, Split.PUBLIC_TEST, 2));
            return writer.finish("fer2013-perturbed-k3", "perturbed", "fer2013");
        }
    }

    @Test
    void eachImagesCopiesStayAdjacentInOneShardAndTheManifestSaysTheGroupSize() {
        SplitData train = faces(IMAGES, Split.TRAINING, 1);
        // 10 records a shard hold two groups of 4: a shard of 10 would split the third group
        DatasetManifest manifest = writePerturbed(train, true, 10);

        assertEquals(4, manifest.groupSize());
        assertEquals(4, manifest.trainingGroupSize());
        List<DatasetManifest.Shard> shards = manifest.shardsOf(Split.TRAINING);
        assertEquals(List.of(8, 8, 8, 8, 8, 8, 4), shards.stream().map(DatasetManifest.Shard::records).toList());

        ShardReader reader = ShardReader.open(name -> Files.newInputStream(root.resolve(name)));
        reader.verifyAll();
        SplitData stored = reader.readSplit(Split.TRAINING);
        assertEquals(IMAGES * 4, stored.size());
        for (int i = 0; i < IMAGES; i++) {
            byte[] face = train.face(i).pixels();
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(masker.mask(face, c), stored.face(i * 4 + c).pixels(), "image " + i + " copy " + c);
            }
            assertArrayEquals(face, stored.face(i * 4 + 3).pixels(), "image " + i + " original");
            for (int j = 0; j < 4; j++) {
                assertEquals(train.label(i), stored.label(i * 4 + j));
            }
        }
    }

    @Test
    void withoutTheOriginalAGroupIsTheMaskedCopies() {
        DatasetManifest manifest = writePerturbed(faces(IMAGES, Split.TRAINING, 3), false, 7);

        assertEquals(3, manifest.trainingGroupSize());
        // 7 records a shard hold two groups of 3
        assertEquals(List.of(6, 6, 6, 6, 6, 6, 3),
                manifest.shardsOf(Split.TRAINING).stream().map(DatasetManifest.Shard::records).toList());
    }

    @Test
    void anOrdinaryDatasetHasNoGroupSizeAndAnOldManifestReadsAsGroupsOfOne() throws Exception {
        try (ShardWriter writer = new ShardWriter(new DirectoryShardSink(root), 10)) {
            writer.write(faces(IMAGES, Split.TRAINING, 4));
            DatasetManifest manifest = writer.finish("fer2013");
            assertNull(manifest.groupSize());
            String json = Files.readString(root.resolve(DatasetManifest.FILE_NAME));
            assertTrue(!json.contains("groupSize"), json);
            assertEquals(1, DatasetManifest.fromJson(json.getBytes()).trainingGroupSize());
        }
    }

    @Test
    void aManifestWhoseTrainingShardSplitsAGroupIsRejected() throws Exception {
        writePerturbed(faces(IMAGES, Split.TRAINING, 5), true, 8);
        String json = Files.readString(root.resolve(DatasetManifest.FILE_NAME)).replace("\"groupSize\" : 4",
                "\"groupSize\" : 3");
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> DatasetManifest.fromJson(json.getBytes()).validate());
        assertTrue(error.getMessage().contains("split a group of 3"), error.getMessage());
    }

    @Test
    void trainingFacesThatDoNotFillTheirGroupsAreRefused() {
        try (ShardWriter writer = new ShardWriter(new DirectoryShardSink(root), 10)) {
            writer.groupTraining(4);
            writer.write(faces(6, Split.TRAINING, 6));
            assertThrows(IllegalStateException.class, () -> writer.finish("fer2013-perturbed-k3"));
        }
    }
}
