package io.ferperturb.models;

import static io.ferperturb.models.ArchitectureFixtures.CLASSES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.ferperturb.models.arch.SpatialAttention;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every registered architecture: output shape for 48×48 and 40×40 input, parameter count equal to PyTorch's. */
class ArchitecturesTest {
    @Test
    void registryHoldsThePapersArchitectures() {
        List<String> names = StreamSupport.stream(Architectures.names().spliterator(), false).toList();
        assertEquals(List.of("cnn", "vgg16", "resnet18", "dpn26", "densenet121", "attention-cnn", "vgg16-gap", "resnet50", "resmasking"), names);
        for (String name : names) {
            assertEquals(name, Architectures.get(name).name());
        }
    }

    @Test
    void everyClassifierHasAnAttentionModelWithTheGatesHundredParametersMore() {
        try (NDManager manager = Djl.engine().newBaseManager()) {
            int side = 40;
            Block gated = Architectures.get("attention-vgg16").newBlock(CLASSES);
            assertEquals("attention-vgg16", Architectures.get("attention-vgg16").name());
            gated.initialize(manager, DataType.FLOAT32, new Shape(2, 1, side, side));
            assertEquals(ArchitectureFixtures.referenceCount("vgg16", side) + 100,
                    ArchitectureFixtures.trainableParameters(gated));
            assertTrue(SpatialAttention.findGate(gated).isPresent());
        }
        assertThrows(UnknownArchitectureException.class, () -> Architectures.get("attention-attention-cnn"));
        UnknownArchitectureException e = assertThrows(UnknownArchitectureException.class,
                () -> Architectures.get("attention-vgg19"));
        assertTrue(e.getMessage().contains("attention-<name>"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "vgg16", "resnet18", "dpn26", "densenet121", "attention-cnn", "vgg16-gap", "resnet50", "resmasking"})
    void outputsSevenLogitsAndHasPyTorchsParameterCount(String architecture) {
        try (NDManager manager = Djl.engine().newBaseManager()) {
            for (int side : ArchitectureFixtures.SIDES) {
                Block block = Architectures.get(architecture).newBlock(CLASSES);
                Shape input = new Shape(2, 1, side, side);
                block.initialize(manager, DataType.FLOAT32, input);
                assertEquals(ArchitectureFixtures.referenceCount(architecture, side),
                        ArchitectureFixtures.trainableParameters(block), architecture + " at " + side + "×" + side);
                assertEquals(new Shape(2, CLASSES), block.getOutputShapes(new Shape[] {input})[0]);
                assertEquals(new Shape(2, CLASSES),
                        ArchitectureFixtures.infer(block, manager.randomNormal(input)).getShape());
            }
        }
    }

    /** cnn flattens its last 128 feature maps: 6×6 of 48×48 input, 5×5 of 40×40, so only its first Linear changes. */
    @Test
    void theCnnsFirstLinearTakes128By5By5FeaturesAt40() {
        long convolutions = 1 * 32 * 9 + 2 * 32 + 32 * 64 * 9 + 2 * 64 + 64 * 128 * 9 + 2 * 128; // no bias; BN γ, β
        long head = 256 * 7 + 7;
        long at48 = convolutions + 128 * 6 * 6 * 256 + 256 + head;
        long at40 = convolutions + 128 * 5 * 5 * 256 + 256 + head;
        try (NDManager manager = Djl.engine().newBaseManager()) {
            for (int side : List.of(48, 40)) {
                Block block = Architectures.get("cnn").newBlock(CLASSES);
                block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, side, side));
                assertEquals(side == 48 ? at48 : at40, ArchitectureFixtures.trainableParameters(block), "cnn at " + side);
            }
        }
        assertEquals(914_151, at40);
    }

    /**
     * Pooling down to 1×1 (global, or fixed windows that leave one value of both sides, or resmasking's padding to
     * 64×64): a block initialised for 48×48 also classifies 40×40 crops (not so the flattening cnn).
     */
    @ParameterizedTest
    @ValueSource(strings = {"vgg16", "resnet18", "dpn26", "densenet121", "vgg16-gap", "resnet50", "resmasking"})
    void oneBlockTakesBothInputSides(String architecture) {
        try (NDManager manager = Djl.engine().newBaseManager()) {
            Block block = Architectures.get(architecture).newBlock(CLASSES);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 48, 48));
            assertEquals(new Shape(3, CLASSES),
                    ArchitectureFixtures.infer(block, manager.randomNormal(new Shape(3, 1, 40, 40))).getShape());
        }
    }

    /** Keeps the numbers above honest where Debian's PyTorch is installed. */
    @Test
    void referenceScriptPrintsTheCountsTheTestsUse() throws IOException, InterruptedException {
        assumeTrue(ArchitectureFixtures.pyTorchAvailable(), "no PyTorch under /usr/bin/python3");
        Map<String, Map<String, String>> printed =
                ArchitectureFixtures.parseReferenceLines(ArchitectureFixtures.runReferenceScript());
        assertEquals(ArchitectureFixtures.PYTORCH_PARAMETERS.keySet(), printed.keySet());
        ArchitectureFixtures.PYTORCH_PARAMETERS.forEach((name, counts) -> {
            Map<String, String> line = printed.get(name);
            assertEquals(List.of(counts[0], counts[1]),
                    List.of(Long.parseLong(line.get("params48")), Long.parseLong(line.get("params40"))), name);
            assertEquals("2x7", line.get("out48"), name);
            assertEquals("2x7", line.get("out40"), name);
        });
    }
}
