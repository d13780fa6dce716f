package io.ferperturb.perturb.report;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.Split;
import java.util.Map;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/** {@code distribution.png}: images per class, one bar per split (FER2013's imbalance at a glance). */
public final class DistributionChart {
    private DistributionChart() {
    }

    public static byte[] png(DatasetManifest manifest) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<String, Map<String, Long>> byClass = manifest.countsByClass();
        for (Split split : Split.values()) {
            Map<String, Long> counts = byClass.get(split.usage());
            if (counts == null || counts.values().stream().mapToLong(Long::longValue).sum() == 0) {
                continue;
            }
            for (String label : manifest.classes()) {
                data.addValue(counts.getOrDefault(label, 0L), split.usage(), label);
            }
        }
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("emotion"), new NumberAxis("images"), new BarRenderer());
        Charts.style(plot);
        String title = String.format("Class distribution of %s (%,d images, %s)", manifest.datasetId(),
                manifest.datasetCounts().total(), manifest.variant());
        return Charts.png(Charts.chart(title, plot), 820, 440);
    }
}
