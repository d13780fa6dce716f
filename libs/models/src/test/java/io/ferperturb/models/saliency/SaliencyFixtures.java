package io.ferperturb.models.saliency;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.Djl;

/** Models and faces for the saliency tests. */
final class SaliencyFixtures {
    static final int SIDE = 48;

    private SaliencyFixtures() {
    }

    /** An initialised (untrained) model of the architecture, on the CPU. */
    static Model model(String architecture) {
        return model(Architectures.get(architecture).newBlock(Emotion.COUNT));
    }

    static Model model(Block block) {
        Djl.engine().setRandomSeed(20); // the same weights whatever ran before in this JVM
        Model model = Model.newInstance("saliency-test", ai.djl.Device.cpu(), "PyTorch");
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, SIDE, SIDE));
        return model;
    }

    /** n synthetic faces (one per emotion in turn), normalised and concatenated. */
    static float[] faces(int n, long seed) {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(seed);
        byte[][] faces = new byte[n][];
        for (int i = 0; i < n; i++) {
            faces[i] = generator.draw(Emotion.of(i % Emotion.COUNT), i);
        }
        return FacePreprocessing.toInput(faces, Normalisation.FER2013);
    }
}
