package io.ferperturb.commons.auth;

import java.util.List;
import java.util.Set;

/**
 * The three roles a token's {@code groups} claim may carry, each allowing more than the one before it:
 * {@code viewer} reads, predicts and asks for saliency maps; {@code editor} also uploads datasets, starts
 * experiments and posts jobs; {@code admin} also replaces, cancels and deletes. Resource methods name the least
 * role they need ({@code @RolesAllowed(Roles.EDITOR)}); {@link RoleHierarchy} gives every token the roles below
 * its own, so that one name per method is enough.
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";

    /** From the least to the most allowed. */
    static final List<String> LADDER = List.of(VIEWER, EDITOR, ADMIN);

    private Roles() {
    }

    /** The role and every role below it ({@code admin} → admin, editor, viewer); empty for an unknown name. */
    public static Set<String> impliedBy(String role) {
        int rank = LADDER.indexOf(role);
        return rank < 0 ? Set.of() : Set.copyOf(LADDER.subList(0, rank + 1));
    }
}
