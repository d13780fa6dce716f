package io.ferperturb.inference.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.models.Lineage;
import java.time.Instant;
import java.util.List;

/**
 * One final checkpoint in {@code GET /v2/models}: its test metrics, where it came from, and the aliases that name
 * it ({@code latest}, {@code production}, {@code staging}; {@code isDefault} marks the one requests get without
 * {@code model}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSummary(String name, int version, String architecture, Instant createdAt, boolean loaded,
        boolean isDefault, EvaluationResult metrics, Lineage lineage, List<String> aliases) {
}
