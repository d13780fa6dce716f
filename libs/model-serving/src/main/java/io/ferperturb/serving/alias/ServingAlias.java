package io.ferperturb.serving.alias;

import java.time.Instant;
import java.util.List;

/**
 * An alias ({@code production}, {@code staging}) as stored in S3 ({@code models/_aliases/{alias}.json}): the
 * version it names, the one it named before (what a rollback returns to) and every move, oldest first.
 */
public record ServingAlias(String alias, ModelVersion target, ModelVersion previous, List<Move> history) {

    /** One final checkpoint: {@code id:version}. */
    public record ModelVersion(String modelId, int version) {
        @Override
        public String toString() {
            return modelId + ":" + version;
        }
    }

    /**
     * One change: who made it and when, what the alias named before ({@code from}, null the first time) and after.
     *
     * @param action {@code move} or {@code rollback}
     * @param reason what the admin said about it, if anything
     */
    public record Move(Instant at, String by, String action, ModelVersion from, ModelVersion to, String reason) {
    }
}
