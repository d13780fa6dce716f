package io.ferperturb.perturb.perturbation;

import io.ferperturb.domain.perturbation.ClusterMap;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code elbow.png}: k-means inertia (left axis) and mean silhouette (right axis) against k, with the
 * chosen n marked. JFreeChart, drawn off-screen.
 */
public final class ElbowChart {
    private static final Color INERTIA = new Color(0x1F77B4);
    private static final Color SILHOUETTE = new Color(0xFF7F0E);

    private ElbowChart() {
    }

    /**
     * @param curve  the elbow curve
     * @param chosen the n in use, marked with a vertical line; 0 for none
     */
    public static BufferedImage render(ElbowAnalysis.Curve curve, int chosen, int width, int height) {
        XYSeries inertia = new XYSeries("inertia (left axis)");
        XYSeries silhouette = new XYSeries("mean silhouette (right axis)");
        for (ElbowAnalysis.Point point : curve.points()) {
            inertia.add(point.k(), point.inertia());
            if (point.silhouette() != null) {
                silhouette.add(point.k(), point.silhouette());
            }
        }
        NumberAxis kAxis = new NumberAxis("k (clusters)");
        kAxis.setTickUnit(new NumberTickUnit(1));
        kAxis.setRange(0.5, curve.points().size() + 0.5);
        NumberAxis inertiaAxis = new NumberAxis("inertia (sum of squared distances)");
        inertiaAxis.setAutoRangeIncludesZero(true);
        NumberAxis silhouetteAxis = new NumberAxis("mean silhouette");
        silhouetteAxis.setRange(0, 1);

        XYPlot plot = new XYPlot(new XYSeriesCollection(inertia), kAxis, inertiaAxis, renderer(INERTIA, false));
        plot.setRangeAxis(1, silhouetteAxis);
        plot.setDataset(1, new XYSeriesCollection(silhouette));
        plot.setRenderer(1, renderer(SILHOUETTE, true));
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
        Font axisFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        for (NumberAxis axis : new NumberAxis[] {kAxis, inertiaAxis, silhouetteAxis}) {
            axis.setLabelFont(axisFont);
            axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }
        inertiaAxis.setLabelPaint(INERTIA);
        silhouetteAxis.setLabelPaint(SILHOUETTE);
        if (chosen > 0) {
            ValueMarker marker = new ValueMarker(chosen, new Color(0x555555), new BasicStroke(1.2f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0f));
            marker.setLabel("  n = " + chosen);
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            marker.setLabelOffset(new RectangleInsets(6, 6, 0, 0));
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            plot.addDomainMarker(marker);
        }

        JFreeChart chart = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setTitle(new TextTitle("Elbow: k-means over pixels (x, y, attention)",
                new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart.createBufferedImage(width, height);
    }

    /** 760×440 PNG bytes. */
    public static byte[] png(ElbowAnalysis.Curve curve, int chosen) {
        return ClusterMap.png(render(curve, chosen, 760, 440));
    }

    private static XYLineAndShapeRenderer renderer(Color colour, boolean square) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, colour);
        renderer.setSeriesStroke(0, new BasicStroke(2.2f));
        renderer.setSeriesShape(0, square ? new Rectangle2D.Double(-4, -4, 8, 8) : new Ellipse2D.Double(-4.5, -4.5, 9, 9));
        return renderer;
    }
}
