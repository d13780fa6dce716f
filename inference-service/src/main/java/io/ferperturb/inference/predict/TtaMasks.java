package io.ferperturb.inference.predict;

import io.ferperturb.models.ModelCard;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.RegionMasker;
import io.ferperturb.storage.ObjectNotFoundException;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.serving.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paper's test-time augmentation needs the cluster map a model was trained with: its card's
 * {@code lineage.clusterMapUri}. Maps are read from S3 once and kept.
 */
@ApplicationScoped
public class TtaMasks {
    private final ObjectStore store;
    private final Map<String, RegionMasker> maskers = new ConcurrentHashMap<>();

    TtaMasks(ObjectStore store) {
        this.store = store;
    }

    /** @throws InvalidRequestException when the model was trained without a cluster map, or it is gone */
    public RegionMasker forModel(ModelCard card) {
        String uri = card.lineage() == null ? null : card.lineage().clusterMapUri();
        if (uri == null || uri.isBlank()) {
            throw new InvalidRequestException("tta=true needs the cluster map a model was trained with, and "
                    + card.modelId() + " v" + card.version() + " was trained on unperturbed data (no lineage.clusterMapUri); "
                    + "leave tta out or pick a perturbed model");
        }
        return maskers.computeIfAbsent(uri, u -> {
            try {
                return new RegionMasker(ClusterMap.fromJson(store.get(S3Uri.parse(u))));
            } catch (ObjectNotFoundException | IllegalArgumentException e) {
                throw new InvalidRequestException("the cluster map of " + card.modelId() + " (" + u
                        + ") cannot be read, so tta=true cannot apply: " + e.getMessage());
            }
        });
    }
}
