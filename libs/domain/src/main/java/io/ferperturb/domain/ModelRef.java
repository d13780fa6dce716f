package io.ferperturb.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a request names the model that answers it, one syntax for every service: {@code latest} (the newest final
 * checkpoint), {@code best} (the highest balanced accuracy on its test split), {@code production} or {@code staging}
 * (the version an admin pointed that alias at), a model id (its newest final version), {@code id:3} or {@code id:v3} (one version), or {@code ensemble:a,b,c} (logits summed over members,
 * each one of the forms before). Parsed once at the edge with {@link #parse}; {@link #toString()} is the
 * canonical form ({@code id:3}, never {@code id:v3}).
 */
public sealed interface ModelRef permits ModelRef.Single, ModelRef.Ensemble {
    String ENSEMBLE_PREFIX = "ensemble:";
    /** Model ids as the trainer writes them ({architecture}-{datasetId}) and user-supplied models may: no colon, no spaces. */
    Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Longest reference read at all (an ensemble of {@link #MAX_MEMBERS} long ids with versions fits). */
    int MAX_LENGTH = 2048;
    int MAX_MEMBERS = 16;
    String FORMS = "write latest, best, production, staging, a model id, id:3 or id:v3, or ensemble:a,b,c (members in "
            + "any of the other forms)";

    /** The single models this reference names: itself, or an ensemble's members in order. */
    List<Single> members();

    default boolean isEnsemble() {
        return this instanceof Ensemble;
    }

    /** One model: an {@link Alias} or an {@link Id}. */
    sealed interface Single extends ModelRef permits Alias, Id {
        @Override
        default List<Single> members() {
            return List.of(this);
        }
    }

    /**
     * A name the server resolves: the newest model, the best one by test metrics, or one an admin points at a
     * version ({@link #isMovable()}: {@code production}, {@code staging}).
     */
    enum Alias implements Single {
        LATEST("latest", false),
        BEST("best", false),
        PRODUCTION("production", true),
        STAGING("staging", true);

        private final String text;
        private final boolean movable;

        Alias(String text, boolean movable) {
            this.text = text;
            this.movable = movable;
        }

        /** Whether an admin decides what it names ({@code PUT /models/{id}/aliases/{alias}}), not the catalogue. */
        public boolean isMovable() {
            return movable;
        }

        /** The alias a text names, if any ({@code production} → PRODUCTION). */
        public static java.util.Optional<Alias> named(String text) {
            for (Alias alias : values()) {
                if (alias.text.equals(text)) {
                    return java.util.Optional.of(alias);
                }
            }
            return java.util.Optional.empty();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A model id, with a version ({@code id:3}) or without one (its newest final version). */
    record Id(String modelId, OptionalInt version) implements Single {
        public Id {
            if (modelId == null || !MODEL_ID.matcher(modelId).matches()) {
                throw new InvalidModelRefException("'" + shown(modelId) + "' is not a model id: ids are letters, "
                        + "digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters; " + FORMS);
            }
            if (version.isPresent() && version.getAsInt() < 1) {
                throw new InvalidModelRefException("versions count from 1, got " + modelId + ":" + version.getAsInt());
            }
        }

        public static Id newest(String modelId) {
            return new Id(modelId, OptionalInt.empty());
        }

        public static Id of(String modelId, int version) {
            return new Id(modelId, OptionalInt.of(version));
        }

        @Override
        public String toString() {
            return version.isPresent() ? modelId + ":" + version.getAsInt() : modelId;
        }
    }

    /** Several single models whose logits are summed. */
    record Ensemble(List<Single> members) implements ModelRef {
        public Ensemble {
            members = List.copyOf(members);
            if (members.isEmpty() || members.size() > MAX_MEMBERS) {
                throw new InvalidModelRefException("an ensemble has 1 to " + MAX_MEMBERS + " members, got " + members.size());
            }
        }

        @Override
        public String toString() {
            return members.stream().map(Object::toString).collect(Collectors.joining(",", ENSEMBLE_PREFIX, ""));
        }
    }

    /**
     * Reads a reference; surrounding spaces are ignored, in the whole and in each ensemble member.
     *
     * @throws InvalidModelRefException when it is empty or none of the accepted forms
     */
    static ModelRef parse(String text) {
        String name = checkedText(text);
        if (!name.startsWith(ENSEMBLE_PREFIX)) {
            return single(name);
        }
        String list = name.substring(ENSEMBLE_PREFIX.length());
        if (list.isBlank()) {
            throw new InvalidModelRefException("'" + name + "' lists no models: an ensemble names its members after "
                    + "'ensemble:', separated by commas, e.g. ensemble:cnn-a,resnet18-b:2");
        }
        List<Single> members = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            String member = part.strip();
            if (member.isEmpty()) {
                throw new InvalidModelRefException("'" + name + "' has an empty member: an ensemble names its members "
                        + "after 'ensemble:', separated by single commas, e.g. ensemble:cnn-a,resnet18-b:2");
            }
            if (member.startsWith(ENSEMBLE_PREFIX)) {
                throw new InvalidModelRefException("'" + name + "' nests an ensemble: list every model once after "
                        + "the one 'ensemble:'");
            }
            members.add(single(member));
        }
        return new Ensemble(members);
    }

    /** {@link #parse}, with nothing (null or blank) meaning {@code served}: the alias a server serves by default. */
    static ModelRef parseOr(String text, Alias served) {
        return text == null || text.isBlank() ? served : parse(text);
    }

    /**
     * {@link #parse} for places that take one model (not an ensemble).
     *
     * @throws InvalidModelRefException also when the text names an ensemble
     */
    static Single parseSingle(String text) {
        ModelRef ref = parse(text);
        if (ref instanceof Single single) {
            return single;
        }
        throw new InvalidModelRefException("'" + ref + "' is an ensemble, and one model is named here: latest, best, "
                + "production, staging, a model id, id:3 or id:v3");
    }

    private static String checkedText(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidModelRefException("the model reference is empty; " + FORMS);
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidModelRefException("the model reference is " + text.length() + " characters long, more than "
                    + MAX_LENGTH + "; " + FORMS);
        }
        return text.strip();
    }

    private static Single single(String name) {
        java.util.Optional<Alias> alias = Alias.named(name);
        if (alias.isPresent()) {
            return alias.get();
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            return Id.newest(name);
        }
        String version = name.substring(colon + 1);
        String digits = version.startsWith("v") ? version.substring(1) : version;
        if (!digits.matches("\\d{1,9}")) {
            throw new InvalidModelRefException("'" + shown(name) + "' names no version: '" + shown(version)
                    + "' after the colon is not a number like 3 or v3; " + FORMS);
        }
        return Id.of(name.substring(0, colon), Integer.parseInt(digits));
    }

    /** User text as quoted in a message: at most 80 characters. */
    private static String shown(String text) {
        return text == null ? "" : Quoted.shortened(text);
    }
}
