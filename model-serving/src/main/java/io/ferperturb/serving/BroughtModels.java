package io.ferperturb.serving;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.ferperturb.core.model.Djl;
import io.ferperturb.core.model.LoadedModel;
import io.ferperturb.core.model.ModelCard;
import io.ferperturb.core.storage.ObjectStore;
import io.ferperturb.core.storage.S3Uri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Bring your own model: a TorchScript classifier trained anywhere, stored as {@code {parameters}.pt} next to
 * a {@code model.json} whose {@code architecture} is {@value #ARCHITECTURE}. It must map {@code [N, 1, side,
 * side]} inputs, normalised as the card says, to {@code [N, classes]} logits; DJL's PyTorch engine runs it.
 */
final class TorchScriptCheckpoints {
    static final String ARCHITECTURE = "torchscript";

    private TorchScriptCheckpoints() {
    }

    static boolean isTorchScript(ModelCard card) {
        return ARCHITECTURE.equals(card.architecture());
    }

    static LoadedModel load(ObjectStore store, S3Uri prefix, ModelCard card, Device device) {
        Path dir;
        try {
            dir = Files.createTempDirectory("torchscript-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String file = card.parameters() + ".pt";
            Files.write(dir.resolve(file), store.get(prefix.resolve(file)));
            Djl.engine();
            Model model = Model.newInstance(card.modelId(), device, "PyTorch");
            try {
                model.load(dir, card.parameters());
            } catch (IOException | MalformedModelException | RuntimeException e) {
                model.close();
                throw new IllegalStateException("the TorchScript model " + prefix + file + " cannot be loaded: "
                        + e.getMessage(), e);
            }
            return new LoadedModel(card, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
