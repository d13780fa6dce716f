package io.ferperturb.serving;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.ferperturb.models.Djl;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.ModelCard;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Models supplied by users: a classifier trained anywhere, stored as {@code {parameters}.pt} (TorchScript) or
 * {@code {parameters}.onnx} next to a {@code model.json} whose {@code architecture} names the format
 * ({@code torchscript} or {@code onnx}). It must map {@code [N, 1, side, side]} inputs, normalised as the card
 * says, to {@code [N, classes]} logits, with a dynamic batch axis; DJL's PyTorch or OnnxRuntime engine runs it.
 */
final class UserSuppliedModels {

    /** The formats a card's {@code architecture} can name, with the engine and the file each takes. */
    enum Format {
        TORCHSCRIPT("torchscript", "PyTorch", ".pt"),
        ONNX("onnx", "OnnxRuntime", ".onnx");

        final String architecture;
        final String engine;
        final String extension;

        Format(String architecture, String engine, String extension) {
            this.architecture = architecture;
            this.engine = engine;
            this.extension = extension;
        }

        static Optional<Format> of(ModelCard card) {
            return Arrays.stream(values()).filter(f -> f.architecture.equals(card.architecture())).findFirst();
        }
    }

    private UserSuppliedModels() {
    }

    static boolean isUserSupplied(ModelCard card) {
        return Format.of(card).isPresent();
    }

    static boolean isOnnx(ModelCard card) {
        return Format.of(card).orElse(null) == Format.ONNX;
    }

    /**
     * Loads the card's file with its format's engine. ONNX models run on the CPU whatever {@code device} says:
     * the bundled onnxruntime is its CPU build.
     */
    static LoadedModel load(ObjectStore store, S3Uri prefix, ModelCard card, Device device) {
        Format format = Format.of(card).orElseThrow(() -> new IllegalArgumentException(
                "architecture '" + card.architecture() + "' is no format a user can bring"));
        Path dir;
        try {
            dir = Files.createTempDirectory(format.architecture + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String file = card.parameters() + format.extension;
            Files.write(dir.resolve(file), store.get(prefix.resolve(file)));
            Djl.engine();
            Model model = Model.newInstance(card.modelId(), format == Format.ONNX ? Device.cpu() : device, format.engine);
            try {
                model.load(dir, card.parameters());
            } catch (IOException | MalformedModelException | RuntimeException e) {
                model.close();
                throw new IllegalStateException("the " + format.architecture + " model " + prefix + file
                        + " cannot be loaded: " + e.getMessage(), e);
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
