package io.ferperturb.perturb.experiment;

import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Experiments in S3: {@code experiments/{id}/state.json}, the report and its figures next to it. */
@ApplicationScoped
public class ExperimentStore {
    static final String STATE = "state.json";

    private final ObjectStore store;
    private final StorageLayout layout;

    ExperimentStore(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    public void save(Experiment experiment) {
        store.putJson(layout.experiment(experiment.id()).resolve(STATE), experiment);
    }

    public Optional<Experiment> find(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            return Optional.empty();
        }
        return store.findJson(layout.experiment(id).resolve(STATE), Experiment.class);
    }

    /** Every experiment, newest first. */
    public List<Experiment> list() {
        return store.listFolders(S3Uri.of(layout.experimentsBucket(), "")).stream()
                .map(folder -> folder.substring(0, folder.length() - 1))
                .map(this::find)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(Experiment::createdAt).reversed())
                .toList();
    }

    /** Stores a file of the experiment (report, figure) and returns its URI. */
    public S3Uri putFile(String id, String name, byte[] content, String contentType) {
        S3Uri key = layout.experiment(id).resolve(name);
        store.put(key, content, contentType);
        return key;
    }

    public Optional<byte[]> file(String id, String name) {
        S3Uri key = layout.experiment(id).resolve(name);
        return store.exists(key) ? Optional.of(store.get(key)) : Optional.empty();
    }
}
