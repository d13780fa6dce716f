package io.ferperturb.perturb.report;

import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.Djl;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.saliency.ClassMeans;
import io.ferperturb.models.saliency.ClassSaliency;
import io.ferperturb.models.saliency.VanillaGradient;
import io.ferperturb.models.saliency.render.Figure;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.perturb.config.PerturbConfig;
import io.ferperturb.perturb.experiment.Experiment;
import io.ferperturb.perturb.experiment.ExperimentJob;
import io.ferperturb.perturb.experiment.JobRole;
import io.ferperturb.perturb.experiment.ExperimentStore;
import io.ferperturb.perturb.service.DerivedDatasets;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's saliency figure (the paper's Figure 5): for each architecture, the mean input-gradient map
 * per emotion over the PrivateTest faces, the baseline's row above the perturbed model's (the report's n).
 * Computed once when an experiment ends, with the same code as the saliency-service's
 * {@code /saliency/classes}, and stored as {@code experiments/{id}/figures/saliency.png}.
 */
@ApplicationScoped
public class SaliencyFigure {
    public static final String FILE = "figures/saliency.png";
    private static final int FACES_PER_EMOTION = 40;
    private static final int PIXELS_PER_CELL = 3;

    private final CheckpointStore checkpoints;
    private final DerivedDatasets datasets;
    private final ExperimentStore experiments;
    private final PerturbConfig config;

    SaliencyFigure(CheckpointStore checkpoints, DerivedDatasets datasets, ExperimentStore experiments,
            PerturbConfig config) {
        this.checkpoints = checkpoints;
        this.datasets = datasets;
        this.experiments = experiments;
        this.config = config;
    }

    /** Draws and stores the figure; a figure that cannot be drawn is logged and left out, never fatal. */
    public void store(Experiment x) {
        List<ExperimentJob> models = new ArrayList<>();
        for (String architecture : x.spec().architectures()) {
            for (ExperimentJob job : x.jobs()) {
                boolean rowOfReport = job.role() == JobRole.BASELINE
                        || job.role() == JobRole.PERTURBED && job.clusters() == x.spec().clusters();
                if (job.architecture().equals(architecture) && job.succeeded() && rowOfReport) {
                    models.add(job);
                }
            }
        }
        if (models.isEmpty()) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            ClassSaliency.TestFaces faces = ClassSaliency.TestFaces.of(datasets.reader(x.spec().datasetId()),
                    FACES_PER_EMOTION);
            List<ClassMeans.ModelRow> rows = new ArrayList<>();
            float[][][] maps = new float[models.size()][][];
            List<String> emotions = null;
            int side = 0;
            for (int m = 0; m < models.size(); m++) {
                ExperimentJob job = models.get(m);
                try (LoadedModel loaded = checkpoints.load(S3Uri.parse(job.checkpointUri()), Djl.device(config.device()))) {
                    emotions = loaded.card().classes();
                    side = loaded.card().inputSide();
                    maps[m] = ClassSaliency.meanMaps(loaded, new VanillaGradient(), faces);
                    rows.add(new ClassMeans.ModelRow(job.modelId() + (job.clusters() == null ? " (baseline)"
                            : " (perturbed)"), job.version(), job.architecture()));
                }
            }
            ClassMeans means = new ClassMeans(x.spec().datasetId(), VanillaGradient.NAME, rows, emotions, faces.counts(),
                    side, side, maps);
            experiments.putFile(x.id(), FILE, Figure.png(ClassSaliency.grid(means, PIXELS_PER_CELL)), "image/png");
            Log.infof("experiment %s: saliency figure of %d models over %d faces in %.1f s", x.id(), models.size(),
                    faces.total(), (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            Log.warnf(e, "experiment %s: the saliency figure could not be drawn; the report goes without it", x.id());
        }
    }
}
