package io.ferperturb.perturb.report;

import io.ferperturb.perturb.experiment.ExperimentJob;
import io.ferperturb.perturb.experiment.JobRole;
import java.awt.BasicStroke;
import java.util.List;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Learning curves: validation (PublicTest) accuracy per epoch of every job, baselines solid, perturbed dashed. */
public final class LearningCurveChart {
    private LearningCurveChart() {
    }

    public static byte[] png(List<ExperimentJob> jobs) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int series = 0;
        for (ExperimentJob job : jobs) {
            if (job.curve().isEmpty()) {
                continue;
            }
            XYSeries s = new XYSeries(label(job));
            job.curve().forEach(p -> {
                if (p.validationAccuracy() != null) {
                    s.add(p.epoch(), p.validationAccuracy());
                }
            });
            data.addSeries(s);
            renderer.setSeriesPaint(series, Charts.PALETTE[series % Charts.PALETTE.length]);
            renderer.setSeriesStroke(series, job.role() == JobRole.PERTURBED
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
            series++;
        }
        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis accuracy = new NumberAxis("validation accuracy (PublicTest)");
        accuracy.setRange(0, 1);
        XYPlot plot = new XYPlot(data, epochs, accuracy, renderer);
        Charts.style(plot);
        return Charts.png(Charts.chart("Learning curves", plot), 820, 460);
    }

    static String label(ExperimentJob job) {
        String name = switch (job.role()) {
            case PERTURBED -> job.architecture() + " perturbed (n = " + job.clusters() + ")";
            case ATTENTION -> job.architecture() + " (attention model)";
            case BASELINE -> job.architecture() + " baseline";
            case MORE_STEPS -> job.architecture() + " more-steps (n = " + job.clusters() + ")";
        };
        return job.seed() == null ? name : name + ", seed " + job.seed();
    }
}
