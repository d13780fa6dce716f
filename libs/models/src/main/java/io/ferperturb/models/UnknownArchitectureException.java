package io.ferperturb.models;

/** An event or model.json names an architecture this build does not have. */
public class UnknownArchitectureException extends IllegalArgumentException {
    public UnknownArchitectureException(String name, Iterable<String> known) {
        super("unknown architecture '" + name + "'; known: " + String.join(", ", known)
                + ", and attention-<name> for an attention model (a spatial gate before <name>)");
    }
}
