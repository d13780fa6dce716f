package io.ferperturb.domain.event;

import java.time.Instant;

/**
 * An admin pointed an alias ({@code production}, {@code staging}) at another model version (topic
 * {@code model-aliases}, key {@code alias}). Every serving replica hears it and re-reads the alias from S3: the
 * stored alias, not the event, decides what is served, so a forged record moves nothing.
 *
 * @param action           {@code move} ({@code PUT /models/{id}/aliases/{alias}}) or {@code rollback}
 * @param previousModelId  what the alias named before, null when it was unset
 */
public record ModelAliasMoved(
        String eventId,
        String alias,
        String modelId,
        int version,
        String previousModelId,
        Integer previousVersion,
        String action,
        String movedBy,
        Instant movedAt) {
}
