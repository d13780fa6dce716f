package io.ferperturb.serving.alias;

import io.ferperturb.domain.Quoted;
import io.ferperturb.commons.ApiException;
import io.ferperturb.commons.EventSender;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.domain.event.ModelAliasMoved;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.serving.CheckpointCatalogue;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.UnknownModelException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Moves and rolls back serving aliases: checks the request, stores the alias ({@link ModelAliases}) and announces
 * the move on {@code model-aliases}, which every serving replica (this one too) consumes to swap its model.
 */
@ApplicationScoped
public class AliasService {
    public static final String OUT = Topics.MODEL_ALIASES + "-out";

    private final ModelAliases aliases;
    private final CheckpointCatalogue catalogue;
    private final Emitter<String> announcements;

    AliasService(ModelAliases aliases, CheckpointCatalogue catalogue, @Channel(OUT) Emitter<String> announcements) {
        this.aliases = aliases;
        this.catalogue = catalogue;
        this.announcements = announcements;
    }

    /** The alias a path names: only {@code production} and {@code staging} are moved by hand (400 otherwise). */
    public static ModelRef.Alias movable(String name) {
        return ModelRef.Alias.named(name).filter(ModelRef.Alias::isMovable).orElseThrow(() -> new InvalidRequestException(
                "'" + Quoted.shortened(name, 40) + "' is not an alias an admin moves: use production or staging (latest and best "
                        + "follow the checkpoints by themselves)"));
    }

    /**
     * Points {@code alias} at a final checkpoint and announces it. Pointing it where it points already records
     * nothing, and announces it once more.
     *
     * @throws UnknownModelException when there is no such final checkpoint (404)
     */
    public ServingAlias move(String aliasName, String modelId, AliasRequest request, String by) {
        ModelRef.Alias alias = movable(aliasName);
        ModelRef.Id id = ModelRef.Id.newest(modelId); // checks the id's form
        if (request == null || request.version() == null) {
            throw new InvalidRequestException("send the version the alias is to name, e.g. {\"version\": 3}; "
                    + "GET /v2/models lists the final checkpoints");
        }
        if (request.version() < 1) {
            throw new InvalidRequestException("versions count from 1, got " + request.version());
        }
        int version = request.version();
        catalogue.find(id.modelId(), version).orElseThrow(() -> new UnknownModelException("no final checkpoint '"
                + id.modelId() + ":" + version + "'; GET /v2/models lists the final checkpoints"));
        ModelAliases.Change change = aliases.move(alias, new ServingAlias.ModelVersion(id.modelId(), version), by,
                reason(request));
        announce(change.alias()); // also when unchanged: a retry after a failed announcement announces it again
        return change.alias();
    }

    /** Points {@code alias} back at what it named before its last move (409 when there is nothing to go back to). */
    public ServingAlias rollback(String aliasName, AliasRequest request, String by) {
        ModelAliases.Change change = aliases.rollback(movable(aliasName), by, reason(request));
        announce(change.alias());
        return change.alias();
    }

    private void announce(ServingAlias alias) {
        ServingAlias.Move last = alias.history().get(alias.history().size() - 1);
        ModelAliasMoved event = new ModelAliasMoved(UUID.randomUUID().toString(), alias.alias(), alias.target().modelId(),
                alias.target().version(), last.from() == null ? null : last.from().modelId(),
                last.from() == null ? null : last.from().version(), last.action(), last.by(), Instant.now());
        Log.infof("alias %s → %s (%s by %s, was %s)", alias.alias(), alias.target(), last.action(), last.by(), last.from());
        try {
            EventSender.send(announcements, alias.alias(), event);
        } catch (IllegalStateException e) {
            throw new AnnouncementFailedException("'" + alias.alias() + "' now names " + alias.target() + " in S3, but "
                    + "the announcement on " + Topics.MODEL_ALIASES + " failed (" + e.getMessage() + "); replicas read "
                    + "it when they start: retry the same call to announce it again");
        }
    }

    private static String reason(AliasRequest request) {
        String reason = request == null ? null : request.reason();
        if (reason != null && reason.length() > AliasRequest.MAX_REASON) {
            throw new InvalidRequestException("reason is " + reason.length() + " characters long; at most "
                    + AliasRequest.MAX_REASON + " are kept");
        }
        return reason;
    }

    /** The alias moved but Kafka did not take the announcement (503: retrying announces it). */
    static final class AnnouncementFailedException extends ApiException {
        AnnouncementFailedException(String message) {
            super(503, "announcement-failed", message, 5);
        }
    }
}
