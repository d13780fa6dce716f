package io.ferperturb.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Saves and loads checkpoints under an S3 prefix: DJL parameter files plus {@code model.json}.
 * {@code model.json} is written last, so a prefix with a card always holds complete parameters.
 */
public final class CheckpointStore {
    private final ObjectStore store;

    public CheckpointStore(ObjectStore store) {
        this.store = store;
    }

    public void save(S3Uri prefix, Model model, ModelCard card) {
        Path dir = tempDir();
        try {
            model.save(dir, card.parameters());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    store.putFile(prefix.resolve(file.getFileName().toString()), file, "application/octet-stream");
                }
            }
            store.putJson(prefix.resolve(ModelCard.FILE), card);
        } catch (IOException e) {
            throw new UncheckedIOException("saving checkpoint to " + prefix + " failed", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    public ModelCard readCard(S3Uri prefix) {
        return store.getJson(prefix.resolve(ModelCard.FILE), ModelCard.class);
    }

    /** Rebuilds the block named by the card and loads the parameters into it. */
    public LoadedModel load(S3Uri prefix, Device device) {
        ModelCard card = readCard(prefix);
        Path dir = tempDir();
        try {
            for (String key : store.list(prefix)) {
                String name = key.substring(key.lastIndexOf('/') + 1);
                if (name.endsWith(".params")) {
                    Files.write(dir.resolve(name), store.get(S3Uri.of(prefix.bucket(), key)));
                }
            }
            Djl.engine();
            Model model = Model.newInstance(card.modelId(), device, "PyTorch");
            try {
                model.setBlock(Architectures.get(card.architecture()).newBlock(card.classes().size()));
                model.load(dir, card.parameters());
            } catch (IOException | MalformedModelException | RuntimeException e) {
                model.close();
                throw e;
            }
            return new LoadedModel(card, model);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("loading checkpoint " + prefix + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** The highest {@code v{n}} present under a model prefix, or 0. */
    public int latestVersion(S3Uri modelPrefix) {
        return listVersions(modelPrefix).stream().max(Integer::compare).orElse(0);
    }

    public List<Integer> listVersions(S3Uri modelPrefix) {
        return store.listFolders(modelPrefix.asPrefix()).stream()
                .map(f -> f.substring(modelPrefix.asPrefix().key().length()))
                .filter(f -> f.matches("v\\d+/"))
                .map(f -> Integer.parseInt(f.substring(1, f.length() - 1)))
                .toList();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("checkpoint-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
