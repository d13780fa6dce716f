package io.ferperturb.perturb.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void clusterFigureHasAPanelPerClusterPlusMapFaceAndAttention() throws Exception {
        AttentionAggregator.Attention attention = new AttentionAggregator().aggregate(SyntheticAttention.maps(100, 1), 100);
        PixelClusterer.Clustering clustering = new PixelClusterer().cluster(PixelFeatures.of(attention.scaled()));
        byte[] face = new SyntheticFaceGenerator(1).draw(Emotion.HAPPY, 0);

        byte[] png = ClusterFigure.png(clustering.map(), face, attention.scaled(), "k-means, α = 1.2, β = 1.5");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

        assertEquals(2 * 16 + 6 * 192 + 5 * 18, image.getWidth(), "six panels in one row");
        assertTrue(image.getHeight() > 192);
    }

    @Test
    void elbowChartRenders() throws Exception {
        PixelFeatures features = PixelFeatures.of(
                new AttentionAggregator().aggregate(SyntheticAttention.maps(100, 1), 100).scaled());
        ElbowAnalysis.Curve curve = ElbowAnalysis.run(features, new PixelClusterer.Settings(3, 3, 100, 1), 4);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ElbowChart.png(curve, 3)));

        assertEquals(760, image.getWidth());
        assertEquals(440, image.getHeight());
    }
}
