package io.ferperturb.storage;

import io.ferperturb.domain.Json;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The project's one door to S3 (MinIO or any S3-compatible server). Every service reads and writes
 * datasets, checkpoints and experiment state through it; it turns the client's checked exceptions into
 * {@link StorageException}s that name the object.
 */
public class ObjectStore {
    private static final long PART_SIZE = 16L * 1024 * 1024;

    private final MinioClient client;

    public ObjectStore(StorageSettings settings) {
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .build();
    }

    public void ensureBucket(String bucket) {
        call(S3Uri.of(bucket, ""), () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    public boolean bucketExists(String bucket) {
        return call(S3Uri.of(bucket, ""), () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    public void put(S3Uri uri, byte[] content, String contentType) {
        call(uri, () -> client.putObject(PutObjectArgs.builder().bucket(uri.bucket()).object(uri.key())
                .stream(new ByteArrayInputStream(content), content.length, -1)
                .contentType(contentType).build()));
    }

    /** Streams an upload of unknown length in multipart chunks (nothing is held whole in memory). */
    public void put(S3Uri uri, InputStream content, String contentType) {
        call(uri, () -> client.putObject(PutObjectArgs.builder().bucket(uri.bucket()).object(uri.key())
                .stream(content, -1, PART_SIZE).contentType(contentType).build()));
    }

    public void putFile(S3Uri uri, Path file, String contentType) {
        call(uri, () -> client.uploadObject(UploadObjectArgs.builder().bucket(uri.bucket()).object(uri.key())
                .filename(file.toString()).contentType(contentType).build()));
    }

    /** Stores {@code value} as a JSON document (state files, job records, model cards). */
    public void putJson(S3Uri uri, Object value) {
        put(uri, Json.writeBytes(value), "application/json");
    }

    /**
     * Stores {@code value} as JSON only if no object exists under {@code uri} yet ({@code If-None-Match: *}, atomic on
     * S3, MinIO and S3Proxy's filesystem backend): of writers racing for one key exactly one gets {@code true}.
     */
    public boolean putJsonIfAbsent(S3Uri uri, Object value) {
        byte[] content = Json.writeBytes(value);
        try {
            client.putObject(PutObjectArgs.builder().bucket(uri.bucket()).object(uri.key())
                    .stream(new ByteArrayInputStream(content), content.length, -1)
                    .headers(java.util.Map.of("If-None-Match", "*"))
                    .contentType("application/json").build());
            return true;
        } catch (ErrorResponseException e) {
            if ("PreconditionFailed".equals(e.errorResponse().code())
                    || e.response() != null && (e.response().code() == 412 || e.response().code() == 409)) {
                return false; // 409: a concurrent conditional write of the same key is still in progress
            }
            throw new StorageException("S3 refused the request for " + uri + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("S3 request for " + uri + " failed: " + e.getMessage(), e);
        }
    }

    public <T> T getJson(S3Uri uri, Class<T> type) {
        return Json.read(get(uri), type);
    }

    /** The JSON document at {@code uri}, or empty where there is none. */
    public <T> Optional<T> findJson(S3Uri uri, Class<T> type) {
        return exists(uri) ? Optional.of(getJson(uri, type)) : Optional.empty();
    }

    public byte[] get(S3Uri uri) {
        try (InputStream in = open(uri)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StorageException("reading " + uri + " failed: " + e.getMessage(), e);
        }
    }

    /** The caller closes the stream. */
    public InputStream open(S3Uri uri) {
        return call(uri, () -> client.getObject(GetObjectArgs.builder().bucket(uri.bucket()).object(uri.key()).build()));
    }

    public boolean exists(S3Uri uri) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(uri.bucket()).object(uri.key()).build());
            return true;
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return false;
            }
            throw new StorageException("checking " + uri + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("checking " + uri + " failed: " + e.getMessage(), e);
        }
    }

    /** Keys of all objects below a prefix, in lexical order. */
    public List<String> list(S3Uri prefix) {
        return call(prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(prefix.bucket())
                    .prefix(prefix.key()).recursive(true).build())) {
                Item item = r.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
            return keys;
        });
    }

    /** Keys and sizes (bytes) of all objects below a prefix, in lexical order of key. */
    public java.util.SortedMap<String, Long> listSizes(S3Uri prefix) {
        return call(prefix, () -> {
            java.util.SortedMap<String, Long> sizes = new java.util.TreeMap<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(prefix.bucket())
                    .prefix(prefix.key()).recursive(true).build())) {
                Item item = r.get();
                if (!item.isDir()) {
                    sizes.put(item.objectName(), item.size());
                }
            }
            return sizes;
        });
    }

    /** The immediate "folders" below a prefix (common prefixes ending in '/'). */
    public List<String> listFolders(S3Uri prefix) {
        return call(prefix, () -> {
            List<String> folders = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(prefix.bucket())
                    .prefix(prefix.key()).delimiter("/").build())) {
                Item item = r.get();
                if (item.isDir()) {
                    folders.add(item.objectName());
                }
            }
            return folders;
        });
    }

    public void delete(S3Uri uri) {
        call(uri, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(uri.bucket()).object(uri.key()).build());
            return null;
        });
    }

    public void deletePrefix(S3Uri prefix) {
        for (String key : list(prefix)) {
            delete(S3Uri.of(prefix.bucket(), key));
        }
    }

    private interface S3Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(S3Uri uri, S3Call<T> action) {
        try {
            return action.run();
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                throw new ObjectNotFoundException(uri, e);
            }
            throw new StorageException("S3 refused the request for " + uri + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException("S3 request for " + uri + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NoSuchObject".equals(code)
                || e.response() != null && e.response().code() == 404;
    }
}
