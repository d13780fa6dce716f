package io.ferperturb.saliency.service;

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
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.ServingModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Saliency maps need gradients: an ONNX model brought by a user is a 400 with a reason, not a 500. */
class GradientModelsTest {

    @Test
    void anOnnxModelIsRefusedWithASentenceATorchScriptOneIsTaken() {
        ServingModel onnx = model("onnx");
        ServingModel script = model("torchscript");
        try {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> SaliencyService.withGradients(onnx));
            assertTrue(e.getMessage().contains("gradients"), e.getMessage());
            assertSame(script, SaliencyService.withGradients(script));
        } finally {
            onnx.retire();
            script.retire();
        }
    }

    private static ServingModel model(String architecture) {
        Djl.engine();
        ModelCard card = new ModelCard("byo-" + architecture, 1, architecture, Emotion.labels(), List.of(1, 48, 48),
                Normalisation.FER2013, "model", 0, true, null, null, List.of(), Map.of(), "cpu", Instant.now());
        return new ServingModel(new LoadedModel(card, Model.newInstance(card.modelId(), Device.cpu(), "PyTorch")), null);
    }
}
