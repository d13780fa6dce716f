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
 * @param publishedEvents    ids of the dataset-ready events known to be sent: a restart sends only the others
 */
public record Experiment(
        String id,
        ExperimentSpec spec,
        ExperimentState state,
        String error,
        String occludedDatasetId,
        Map<Integer, String> perturbedDatasets,
        List<ExperimentJob> jobs,
        ResultsTable table,
        String reportUri,
        Instant createdAt,
        Instant updatedAt,
        List<String> publishedEvents) {

    public Experiment {
        publishedEvents = publishedEvents == null ? List.of() : List.copyOf(publishedEvents); // older state.json
    }

    /** A new experiment: nothing derived, planned or published yet. */
    public static Experiment created(String id, ExperimentSpec spec, Instant now) {
        return new Experiment(id, spec, ExperimentState.CREATED, null, null, Map.of(), List.of(), null, null, now, now,
                List.of());
    }

    public boolean ended() {
        return state.ended();
    }

    public Experiment withState(ExperimentState newState, String newError) {
        return new Experiment(id, spec, newState, newError, occludedDatasetId, perturbedDatasets, jobs, table, reportUri,
                createdAt, Instant.now(), publishedEvents);
    }

    /** The experiment once the dataset-ready events {@code eventIds} are known to be sent. */
    public Experiment withPublished(List<String> eventIds) {
        List<String> all = new ArrayList<>(publishedEvents);
        eventIds.stream().filter(e -> !all.contains(e)).forEach(all::add);
        return new Experiment(id, spec, state, error, occludedDatasetId, perturbedDatasets, jobs, table, reportUri,
                createdAt, Instant.now(), all);
    }

    public Experiment withDatasets(String occluded, Map<Integer, String> perturbed) {
        return new Experiment(id, spec, state, error, occluded, perturbed, jobs, table, reportUri, createdAt, Instant.now(),
                publishedEvents);
    }

    public Experiment withJobsAdded(List<ExperimentJob> added) {
        List<ExperimentJob> all = new ArrayList<>(jobs);
        for (ExperimentJob job : added) {
            if (job(job.jobId()).isEmpty()) {
                all.add(job);
            }
        }
        return new Experiment(id, spec, state, error, occludedDatasetId, perturbedDatasets, all, table, reportUri,
                createdAt, Instant.now(), publishedEvents);
    }

    public Experiment withJob(String jobId, UnaryOperator<ExperimentJob> change) {
        List<ExperimentJob> all = jobs.stream().map(j -> j.jobId().equals(jobId) ? change.apply(j) : j).toList();
        return new Experiment(id, spec, state, error, occludedDatasetId, perturbedDatasets, all, table, reportUri,
                createdAt, Instant.now(), publishedEvents);
    }

    public Experiment withResults(ResultsTable newTable, String newReportUri) {
        return new Experiment(id, spec, state, error, occludedDatasetId, perturbedDatasets, jobs, newTable, newReportUri,
                createdAt, Instant.now(), publishedEvents);
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
