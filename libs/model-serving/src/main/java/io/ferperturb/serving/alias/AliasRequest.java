package io.ferperturb.serving.alias;

/**
 * The body of {@code PUT /models/{id}/aliases/{alias}} ({@code version} required) and of
 * {@code POST /aliases/{alias}/rollback} (nothing required).
 *
 * @param version the final checkpoint's version the alias is to name
 * @param reason  kept in the alias's history (e.g. "beats v3 on the held-out set")
 */
public record AliasRequest(Integer version, String reason) {
    /** Longest reason kept; the history stays small. */
    static final int MAX_REASON = 500;
}
