package io.ferperturb.storage;

/**
 * Storage settings given directly (tools, tests, benchmarks), with the default region and bucket names;
 * the services take theirs from configuration instead.
 */
public record StorageEndpoint(String endpoint, String accessKey, String secretKey) implements StorageSettings {

    /** {@code FER_STORAGE_ENDPOINT}, {@code FER_STORAGE_ACCESS_KEY}, {@code FER_STORAGE_SECRET_KEY}, else the local defaults of run.sh. */
    public static StorageEndpoint fromEnvironment() {
        return new StorageEndpoint(env("FER_STORAGE_ENDPOINT", "http://127.0.0.1:9000"),
                env("FER_STORAGE_ACCESS_KEY", "minioadmin"), env("FER_STORAGE_SECRET_KEY", "minioadmin"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String region() {
        return "us-east-1";
    }

    @Override
    public String datasetsBucket() {
        return "datasets";
    }

    @Override
    public String modelsBucket() {
        return "models";
    }

    @Override
    public String experimentsBucket() {
        return "experiments";
    }
}
