package io.ferperturb.storage;

/** An {@code s3://bucket/prefix/} address as events carry it. */
public record S3Uri(String bucket, String key) {

    public static S3Uri parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("not an s3:// address: '" + uri + "'");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in '" + uri + "'");
        }
        return new S3Uri(bucket, key);
    }

    public static S3Uri of(String bucket, String key) {
        return new S3Uri(bucket, key);
    }

    /** This address taken as a folder: its key ends with '/' unless it is the bucket root. */
    public S3Uri asPrefix() {
        return key.isEmpty() || key.endsWith("/") ? this : new S3Uri(bucket, key + "/");
    }

    /** An object below this prefix. */
    public S3Uri resolve(String name) {
        return new S3Uri(bucket, asPrefix().key + name);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
