package io.ferperturb.perturb.report;

import io.ferperturb.perturb.experiment.ResultsTable;
import java.util.Map;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Occlusion robustness (the preliminary experiment): per-class accuracy (recall) of each baseline and perturbed
 * model of the first seed on the clean and on the occluded PrivateTest, side by side per emotion.
 */
public final class OcclusionChart {
    private OcclusionChart() {
    }

    public static byte[] png(ResultsTable table) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Long firstSeed = table.rows().isEmpty() ? null : table.rows().get(0).seed();
        for (ResultsTable.Row row : table.rows()) {
            boolean shown = ("baseline".equals(row.variant()) || "perturbed".equals(row.variant()))
                    && java.util.Objects.equals(row.seed(), firstSeed);
            if (!shown) {
                continue;
            }
            String model = row.architecture() + (row.clusters() == null ? " baseline" : " perturbed n=" + row.clusters());
            add(data, model + ", clean", row.clean() == null ? null : row.clean().recall());
            add(data, model + ", occluded", row.occluded() == null ? null : row.occluded().recall());
        }
        NumberAxis recall = new NumberAxis("per-class accuracy (recall)");
        recall.setRange(0, 1);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("emotion"), recall, new BarRenderer());
        Charts.style(plot);
        return Charts.png(Charts.chart("Robustness to an occluding face mask, per class", plot), 980, 480);
    }

    private static void add(DefaultCategoryDataset data, String series, Map<String, Double> recall) {
        if (recall == null) {
            return;
        }
        recall.forEach((label, value) -> data.addValue(value, series, label));
    }
}
