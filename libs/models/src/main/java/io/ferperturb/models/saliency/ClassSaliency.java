package io.ferperturb.models.saliency;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.ShardReader;
import io.ferperturb.domain.data.Split;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.saliency.render.Figure;
import io.ferperturb.models.saliency.render.HeatMap;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The paper's Figure 5: the mean saliency map per emotion over a test split, per model. Shared by the
 * saliency-service ({@code GET /saliency/classes}) and the perturb-service's experiment report.
 */
public final class ClassSaliency {
    private ClassSaliency() {
    }

    /** Test faces grouped by their true emotion: at most {@code limit} each, the first in stored order. */
    public record TestFaces(List<List<byte[]>> byEmotion, int[] counts) {

        /** The PrivateTest faces of a dataset, read (and verified) shard by shard. */
        public static TestFaces of(ShardReader reader, int limit) {
            int classes = reader.manifest().classes().size();
            List<List<byte[]>> byEmotion = new ArrayList<>();
            for (int e = 0; e < classes; e++) {
                byEmotion.add(new ArrayList<>());
            }
            try (var faces = reader.stream(Split.PRIVATE_TEST)) {
                faces.forEach((FaceImage f) -> {
                    List<byte[]> list = byEmotion.get(f.emotion());
                    if (list.size() < limit) {
                        list.add(f.pixels());
                    }
                });
            }
            return new TestFaces(byEmotion, byEmotion.stream().mapToInt(List::size).toArray());
        }

        public int total() {
            return Arrays.stream(counts).sum();
        }
    }

    /**
     * One mean map per emotion (side × side values in [0, 1]; each face's map min-max scaled before
     * averaging, so no face dominates), taken for each face's true emotion; empty where there is no face.
     */
    public static float[][] meanMaps(LoadedModel loaded, SaliencyMethod method, TestFaces test) {
        int side = loaded.card().inputSide();
        float[][] means = new float[test.byEmotion().size()][];
        for (int e = 0; e < means.length; e++) {
            List<byte[]> faces = test.byEmotion().get(e);
            if (faces.isEmpty()) {
                means[e] = new float[0];
                continue;
            }
            int[] targets = new int[faces.size()];
            Arrays.fill(targets, e);
            float[][] raw = method.maps(loaded.model(), ModelInput.of(faces.toArray(new byte[0][]), loaded.card()), side,
                    targets);
            means[e] = Maps.mean(Arrays.stream(raw).map(Maps::normalised).toList(), side * side);
        }
        return means;
    }

    /** The labelled grid: one row per model, one column per emotion (with its face count), heat maps. */
    public static BufferedImage grid(ClassMeans means, int pixelsPerCell) {
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<String> rowLabels = new ArrayList<>();
        for (int m = 0; m < means.models().size(); m++) {
            List<BufferedImage> row = new ArrayList<>();
            for (float[] mean : means.maps()[m]) {
                row.add(HeatMap.colour(mean.length == 0 ? new float[means.width() * means.height()] : mean,
                        means.width(), pixelsPerCell));
            }
            rows.add(row);
            ClassMeans.ModelRow r = means.models().get(m);
            rowLabels.add(r.model() + " v" + r.version());
        }
        List<String> columns = new ArrayList<>();
        for (int e = 0; e < means.emotions().size(); e++) {
            columns.add(means.emotions().get(e) + " (" + means.faces()[e] + ")");
        }
        return Figure.grid(rows, rowLabels, columns, true);
    }
}
