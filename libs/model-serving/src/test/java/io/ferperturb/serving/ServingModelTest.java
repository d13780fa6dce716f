package io.ferperturb.serving;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.models.Djl;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.ModelCard;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingModelTest {

    /** A model with nothing loaded: enough to see when it is closed. */
    static ServingModel model(String architecture) {
        Djl.engine();
        ModelCard card = new ModelCard("m", 1, architecture, Emotion.labels(), List.of(1, 48, 48), Normalisation.FER2013,
                "model", 1, true, null, null, List.of(), Map.of(), "cpu", Instant.now());
        return new ServingModel(new LoadedModel(card, Model.newInstance("m", Device.cpu(), "PyTorch")), null);
    }

    @Test
    void aRetiredModelStaysOpenUntilItsLastUserReleasesIt() {
        ServingModel model = model("cnn");
        assertTrue(model.tryAcquire());
        assertSame(model, model.acquire());
        model.retire();
        model.retire(); // idempotent: the creator lets go once
        model.release();
        assertFalse(model.isClosed(), "one user still holds it");
        model.release();
        assertTrue(model.isClosed());
        assertFalse(model.tryAcquire(), "a closed model is looked up again, never revived");
        assertThrows(IllegalStateException.class, model::acquire);
    }

    @Test
    void releasingMoreOftenThanAcquiredIsABug() {
        ServingModel model = model("cnn");
        model.retire();
        assertTrue(model.isClosed());
        assertThrows(IllegalStateException.class, model::release);
    }

    @Test
    void onnxModelsHaveNoGradientsTorchOnesDo() {
        ServingModel onnx = model("onnx");
        ServingModel script = model("torchscript");
        assertFalse(onnx.hasGradients());
        assertTrue(script.hasGradients());
        onnx.retire();
        script.retire();
    }
}
