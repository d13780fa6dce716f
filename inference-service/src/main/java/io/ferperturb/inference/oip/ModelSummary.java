package io.ferperturb.inference.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.models.Lineage;
import java.time.Instant;

/** One final checkpoint in {@code GET /v2/models}: its test metrics and where it came from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSummary(String name, int version, String architecture, Instant createdAt, boolean loaded,
        boolean isDefault, EvaluationResult metrics, Lineage lineage) {
}
