package io.ferperturb.perturb.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An experiment's whole state, stored as {@code experiments/{id}/state.json} after every change.
 *
 * @param state              created → training-attention → clustering → training-perturbed → succeeded | failed
 * @param occludedDatasetId  the occluded test set every model is also evaluated on
 * @param perturbedDatasets  n → the perturbed dataset's id
 * @param table              the results, once every job has ended
 */
public record Experiment(
        String id,
        ExperimentSpec spec,
        String state,
        String error,
        String occludedDatasetId,
        Map<Integer, String> perturbedDatasets,
        List<ExperimentJob> jobs,
        ResultsTable table,
        String reportUri,
        Instant createdAt,
        Instant updatedAt) {

    public static final String CREATED = "created";
    public static final String TRAINING_ATTENTION = "training-attention";
    public static final String CLUSTERING = "clustering";
    public static final String TRAINING_PERTURBED = "training-perturbed";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public boolean ended() {
        return SUCCEEDED.equals(state) || FAILED.equals(state);
    }

    public Experiment withState(String newState, String newError) {
        return new Experiment(id, spec, newState, newError, occludedDatasetId, perturbedDatasets, jobs, table, reportUri,
                createdAt, Instant.now());
    }

    public Experiment withDatasets(String occluded, Map<Integer, String> perturbed) {
        return new Experiment(id, spec, state, error, occluded, perturbed, jobs, table, reportUri, createdAt, Instant.now());
    }

    public Experiment withJobsAdded(List<ExperimentJob> added) {
        List<ExperimentJob> all = new ArrayList<>(jobs);
        for (ExperimentJob job : added) {
            if (job(job.jobId()).isEmpty()) {
                all.add(job);
            }
        }
        return new Experiment(id, spec, state, error, occludedDatasetId, perturbedDatasets, all, table, reportUri,
                createdAt, Instant.now());
    }

    public Experiment withJob(String jobId, UnaryOperator<ExperimentJob> change) {
        List<ExperimentJob> all = jobs.stream().map(j -> j.jobId().equals(jobId) ? change.apply(j) : j).toList();
        return new Experiment(id, spec, state, error, occludedDatasetId, perturbedDatasets, all, table, reportUri,
                createdAt, Instant.now());
    }

    public Experiment withResults(ResultsTable newTable, String newReportUri) {
        return new Experiment(id, spec, state, error, occludedDatasetId, perturbedDatasets, jobs, newTable, newReportUri,
                createdAt, Instant.now());
    }

    public Optional<ExperimentJob> job(String jobId) {
        return jobs.stream().filter(j -> j.jobId().equals(jobId)).findFirst();
    }

    public List<ExperimentJob> jobs(JobRole role) {
        return jobs.stream().filter(j -> j.role() == role).toList();
    }

    /** The job whose checkpoint gives the attention: the attention model, or for saliency the first baseline. */
    public Optional<ExperimentJob> attentionJob() {
        return jobs(JobRole.ATTENTION).stream().findFirst()
                .or(() -> jobs(JobRole.BASELINE).stream().findFirst());
    }
}
