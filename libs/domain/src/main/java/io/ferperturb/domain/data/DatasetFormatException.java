package io.ferperturb.domain.data;

import java.util.List;

/**
 * An input dataset is not in the format it claims to be. Carries every problem found (up to
 * {@link #MAX_PROBLEMS}), each with its location, so a user can fix a file in one go instead of one
 * error per upload. Unchecked: callers usually turn it into a 400 response or a dead-letter reason.
 */
public class DatasetFormatException extends RuntimeException {
    /** Readers stop collecting after this many problems. */
    public static final int MAX_PROBLEMS = 10;

    private final transient List<DatasetProblem> problems;

    public DatasetFormatException(String summary, List<DatasetProblem> problems) {
        super(message(summary, problems));
        this.problems = List.copyOf(problems);
    }

    public DatasetFormatException(String summary, DatasetProblem problem) {
        this(summary, List.of(problem));
    }

    /** The problems found, in input order; never empty. */
    public List<DatasetProblem> problems() {
        return problems;
    }

    private static String message(String summary, List<DatasetProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a format error needs at least one problem");
        }
        if (problems.size() == 1) {
            return summary + ": " + problems.get(0);
        }
        StringBuilder message = new StringBuilder(summary)
                .append(" (").append(problems.size()).append(" problems");
        if (problems.size() >= MAX_PROBLEMS) {
            message.append(", stopped looking after ").append(MAX_PROBLEMS);
        }
        message.append("):");
        for (DatasetProblem problem : problems) {
            message.append("\n  ").append(problem);
        }
        return message.toString();
    }
}
