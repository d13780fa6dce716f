package io.ferperturb.trainer.service;

import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.trainer.JobRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Job records in S3 ({@code models/_jobs/{jobId}.json}): they survive restarts, make a repeated
 * event a no-op, and back {@code GET /jobs}. Model ids never start with '_', so this never collides.
 */
@ApplicationScoped
public class JobStore {
    /** What a job id can look like: ids are UUIDs derived from the event id ({@code DatasetReady#jobId}). */
    public static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private final ObjectStore store;
    private final StorageLayout layout;

    JobStore(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    public void save(JobRecord record) {
        store.putJson(key(record.job().jobId()), record);
    }

    /** The job's record; empty for an id no job can have (odd characters, overlong), without asking S3. */
    public Optional<JobRecord> find(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            return Optional.empty();
        }
        return store.findJson(key(jobId), JobRecord.class);
    }

    /** Newest first. */
    public List<JobRecord> list() {
        return store.list(S3Uri.of(layout.modelsBucket(), "_jobs/")).stream()
                .filter(k -> k.endsWith(".json")) // whole records only, not one still being written
                .map(k -> store.getJson(S3Uri.of(layout.modelsBucket(), k), JobRecord.class))
                .sorted(Comparator.comparing(JobRecord::createdAt).reversed())
                .toList();
    }

    private S3Uri key(String jobId) {
        return S3Uri.of(layout.modelsBucket(), "_jobs/" + jobId + ".json");
    }
}
