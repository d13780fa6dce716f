package io.ferperturb.models.saliency;

import java.util.List;

/**
 * The mean map per emotion over a dataset's test split, per model: the paper's Figure 5 as data.
 *
 * @param faces test faces averaged per emotion (the same faces for every model)
 * @param maps {@code maps[m][e]}: model m's mean map for emotion e, width × height values in [0, 1]
 *     (each face's map is min-max scaled before averaging, so no single face dominates); empty where the
 *     split has no face of that emotion
 */
public record ClassMeans(String datasetId, String method, List<ModelRow> models, List<String> emotions,
        int[] faces, int width, int height, float[][][] maps) {

    /** A model of the figure's rows. */
    public record ModelRow(String model, int version, String architecture) {
    }
}
