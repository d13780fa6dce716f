package io.ferperturb.storage;

import io.ferperturb.domain.event.InvalidEventException;

/**
 * The addresses an event asks a service to read. A service reads only from the buckets it is configured with:
 * an event naming another bucket (a forged or misdirected one) is refused to the dead-letter topic with the
 * reason, instead of making the service read, train on or serve whatever lies there.
 */
public final class EventUris {
    private EventUris() {
    }

    /**
     * {@code uri} parsed, when it lies in {@code bucket}.
     *
     * @param field the event's field, for the reason ({@code uri}, {@code perturbation.clusterMapUri})
     * @throws InvalidEventException when it is no {@code s3://} address or lies in another bucket
     */
    public static S3Uri inBucket(String uri, String bucket, String field) {
        S3Uri parsed;
        try {
            parsed = S3Uri.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(field + ": " + e.getMessage(), e);
        }
        if (!parsed.bucket().equals(bucket)) {
            throw new InvalidEventException(field + " " + uri + " lies outside bucket '" + bucket
                    + "', the only one this service reads it from");
        }
        return parsed;
    }
}
