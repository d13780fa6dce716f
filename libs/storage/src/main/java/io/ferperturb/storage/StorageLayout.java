package io.ferperturb.storage;

/**
 * The object layout of the architecture notes, in one place: which key holds which thing.
 * Buckets come from configuration.
 */
public record StorageLayout(String datasetsBucket, String modelsBucket, String experimentsBucket) {

    public static StorageLayout of(StorageSettings settings) {
        return new StorageLayout(settings.datasetsBucket(), settings.modelsBucket(), settings.experimentsBucket());
    }

    /** {@code s3://datasets/{datasetId}/}. */
    public S3Uri dataset(String datasetId) {
        return S3Uri.of(datasetsBucket, datasetId + "/");
    }

    public S3Uri datasetManifest(String datasetId) {
        return dataset(datasetId).resolve("manifest.json");
    }

    /** {@code s3://models/{modelId}/}. */
    public S3Uri model(String modelId) {
        return S3Uri.of(modelsBucket, modelId + "/");
    }

    /** {@code s3://models/{modelId}/v{version}/}. */
    public S3Uri modelVersion(String modelId, int version) {
        return model(modelId).resolve("v" + version + "/");
    }

    /** {@code s3://models/{modelId}/jobs/{jobId}/}: job state and per-epoch checkpoints for resuming. */
    public S3Uri job(String modelId, String jobId) {
        return model(modelId).resolve("jobs/" + jobId + "/");
    }

    /**
     * {@code s3://experiments/_predictions/videos/{videoId}/}: a video's timeline (JSON, CSV), status and annotated
     * copy. Not an experiment: the folder holds no experiment state, so experiment listings pass it by.
     */
    public S3Uri videoPrediction(String videoId) {
        return predictions().resolve("videos/" + videoId + "/");
    }

    public S3Uri experiment(String experimentId) {
        return S3Uri.of(experimentsBucket, experimentId + "/");
    }

    /**
     * {@code s3://experiments/_predictions/}: what the serving services keep of their answers (batch jobs, images
     * of logged predictions); the leading '_' keeps it apart from experiment ids.
     */
    public S3Uri predictions() {
        return S3Uri.of(experimentsBucket, "_predictions/");
    }

    /** {@code s3://experiments/_predictions/batches/{batchId}/}: a batch job's status, parts and results. */
    public S3Uri batch(String batchId) {
        return predictions().resolve("batches/" + batchId + "/");
    }

    /** {@code s3://experiments/_predictions/images/{requestId}/}: the images of a logged request. */
    public S3Uri loggedImages(String requestId) {
        return predictions().resolve("images/" + requestId + "/");
    }
}
