package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.Fill;
import io.ferperturb.perturb.perturbation.AttentionAggregator;
import io.ferperturb.perturb.service.AttentionMapper;
import io.ferperturb.perturb.service.ClusterAnalysis;
import io.ferperturb.perturb.service.DatasetService;
import io.ferperturb.perturb.service.DerivedDatasets;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The datasets an experiment reads and derives, in S3: the state machine's {@link ExperimentStateMachine.Datasets}. */
@ApplicationScoped
public class ExperimentDatasets implements ExperimentStateMachine.Datasets {
    private final DatasetService datasets;
    private final DerivedDatasets derived;
    private final AttentionMapper attention;
    private final ClusterAnalysis clusters;

    ExperimentDatasets(DatasetService datasets, DerivedDatasets derived, AttentionMapper attention,
            ClusterAnalysis clusters) {
        this.datasets = datasets;
        this.derived = derived;
        this.attention = attention;
        this.clusters = clusters;
    }

    @Override
    public DatasetManifest manifest(String datasetId) {
        return datasets.manifest(datasetId);
    }

    @Override
    public String occluded(String datasetId, long seed) {
        return derived.occluded(datasetId, seed);
    }

    @Override
    public Map<Integer, DatasetManifest> perturbed(ExperimentSpec spec, AttentionSource source, long seed) {
        SplitData train = derived.reader(spec.datasetId()).readSplit(Split.TRAINING);
        boolean saliency = ExperimentSpec.SALIENCY.equals(spec.attention());
        AttentionAggregator.Attention a = attention.attention(source.checkpoint(), train, saliency,
                spec.attentionSample(), spec.threshold(), spec.attentionThresholdScale(), spec.alpha(), seed);
        byte[] example = Arrays.copyOfRange(train.pixels(), 0, FaceImage.PIXELS);
        Map<Integer, ClusterMap> maps = clusters.cluster(spec.datasetId(),
                ClusterAnalysis.describe(spec.attention(), source.modelId(), a), spec.clusterCounts(), spec.clusters(),
                spec.alpha(), spec.beta(), seed, example);
        train = null; // the masked copies below need the memory more

        Map<Integer, DatasetManifest> perturbed = new LinkedHashMap<>();
        for (Map.Entry<Integer, ClusterMap> entry : maps.entrySet()) {
            perturbed.put(entry.getKey(), derived.perturbed(spec.datasetId(), entry.getValue(), Fill.parse(spec.fill()),
                    spec.keepOriginal()));
        }
        return perturbed;
    }
}
