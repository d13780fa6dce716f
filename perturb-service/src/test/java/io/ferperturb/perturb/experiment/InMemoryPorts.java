package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.DatasetCounts;
import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.storage.S3Uri;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The experiment state machine's ports in memory, for tests: states kept as JSON as the service keeps them in
 * S3, events collected, datasets and models named without storing anything, evaluations from fixed predictions.
 */
final class InMemoryPorts {
    static final String ID = "exp-1";
    static final String GIVEN_MODEL = "attention-cnn-d";

    private InMemoryPorts() {
    }

    /** The service stopping in the middle of a step: no handler catches it. */
    static final class Crash extends Error {
    }

    /** state.json per experiment, kept as JSON, with every version written. */
    static final class States implements ExperimentStateMachine.StateStorage {
        final Map<String, byte[]> stored = new LinkedHashMap<>();
        final List<byte[]> saves = new ArrayList<>();

        @Override
        public void save(Experiment experiment) {
            byte[] json = Json.writeBytes(experiment);
            stored.put(experiment.id(), json);
            saves.add(json);
        }

        Experiment read(String id) {
            return Json.read(stored.get(id), Experiment.class);
        }

        /** The distinct states written for {@link #ID}, in order. */
        List<ExperimentState> statesPassed() {
            return saves.stream().map(json -> Json.read(json, Experiment.class)).filter(x -> x.id().equals(ID))
                    .map(Experiment::state).distinct().toList();
        }

        /** As if the service had stopped right after writing the first version that matches. */
        void rollBackTo(Predicate<Experiment> version) {
            Experiment x = saves.stream().map(json -> Json.read(json, Experiment.class))
                    .filter(e -> e.id().equals(ID)).filter(version).findFirst().orElseThrow();
            stored.put(ID, Json.writeBytes(x));
        }
    }

    static final class Sent implements ExperimentStateMachine.Publisher {
        final List<DatasetReady> events = new ArrayList<>();

        @Override
        public void datasetReady(DatasetReady event) {
            events.add(event);
        }
    }

    static final class Datasets implements ExperimentStateMachine.Datasets {
        final List<String> attentionModels = new ArrayList<>();
        boolean failOccluded;
        boolean failClustering;
        boolean crashClustering;

        @Override
        public DatasetManifest manifest(String datasetId) {
            return DatasetManifest.describe(datasetId, DatasetCounts.empty(), List.of(), "original", null, Instant.EPOCH);
        }

        @Override
        public String occluded(String datasetId, long seed) {
            if (failOccluded) {
                throw new IllegalStateException("no space left");
            }
            return datasetId + "-occluded";
        }

        @Override
        public Map<Integer, DatasetManifest> perturbed(ExperimentSpec spec, AttentionSource source, long seed) {
            attentionModels.add(source.modelId());
            if (crashClustering) {
                throw new Crash();
            }
            if (failClustering) {
                throw new IllegalStateException("k-means did not converge");
            }
            Map<Integer, DatasetManifest> perturbed = new LinkedHashMap<>();
            for (int n : spec.clusterCounts()) {
                perturbed.put(n, DatasetManifest.describe(spec.datasetId() + "-perturbed-k" + n, DatasetCounts.empty(),
                        List.of(), "perturbed", spec.datasetId(), Instant.EPOCH));
            }
            return perturbed;
        }
    }

    static final class Models implements ExperimentStateMachine.AttentionModels {
        @Override
        public AttentionSource resolve(String reference) {
            if (!modelId(reference).equals(GIVEN_MODEL)) {
                throw new InvalidExperimentException("no model '" + reference + "'");
            }
            return new AttentionSource(GIVEN_MODEL, S3Uri.parse("s3://models/" + GIVEN_MODEL + "/v2/"));
        }

        @Override
        public String modelId(String reference) {
            int colon = reference.lastIndexOf(':');
            return colon < 0 ? reference : reference.substring(0, colon);
        }
    }

    /**
     * Predictions of 40 test faces: 36 right for a model trained on a perturbed dataset, 20 for the others; the
     * baseline's TTA evaluations are recorded by cluster map.
     */
    static final class Evaluations implements ExperimentStateMachine.Evaluations {
        final List<String> withTta = new ArrayList<>();

        @Override
        public EvaluationResult withTestTimeAugmentation(String experimentId, ExperimentJob job, String datasetId,
                S3Uri clusterMap) {
            withTta.add(job.jobId() + " " + clusterMap);
            String uri = "s3://experiments/" + experimentId + "/predictions/" + job.jobId() + "-tta.json";
            return predictions(uri).evaluate(Emotion.labels()).withPredictionsUri(uri);
        }

        @Override
        public io.ferperturb.domain.metrics.Predictions predictions(String uri) {
            int right = uri.contains("perturbed") ? 36 : 20;
            int[] truth = new int[40];
            float[][] logits = new float[40][Emotion.values().length];
            for (int i = 0; i < truth.length; i++) {
                truth[i] = i % Emotion.values().length;
                logits[i][i < right ? truth[i] : (truth[i] + 1) % Emotion.values().length] = 1;
            }
            return new io.ferperturb.domain.metrics.Predictions("PrivateTest", truth, logits);
        }
    }

    static final class Reports implements ExperimentStateMachine.Reports {
        int stored;

        @Override
        public S3Uri store(Experiment ended) {
            stored++;
            return S3Uri.parse("s3://experiments/" + ended.id() + "/report.html");
        }
    }
}
