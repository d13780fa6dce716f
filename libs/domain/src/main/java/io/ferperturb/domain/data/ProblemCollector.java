package io.ferperturb.domain.data;

import java.util.ArrayList;
import java.util.List;

/** Gathers up to {@link DatasetFormatException#MAX_PROBLEMS} problems during a full pass over an input. */
final class ProblemCollector {
    private final List<DatasetProblem> problems = new ArrayList<>();

    /** Records a problem; returns true once the limit is reached and the pass should stop. */
    boolean add(DatasetProblem problem) {
        if (problems.size() < DatasetFormatException.MAX_PROBLEMS) {
            problems.add(problem);
        }
        return isFull();
    }

    boolean isFull() {
        return problems.size() >= DatasetFormatException.MAX_PROBLEMS;
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Fails with everything collected so far plus {@code last}, for problems that end a pass at once. */
    DatasetFormatException abort(String summary, DatasetProblem last) {
        List<DatasetProblem> all = new ArrayList<>(problems.subList(0, Math.min(problems.size(), DatasetFormatException.MAX_PROBLEMS - 1)));
        all.add(last);
        return new DatasetFormatException(summary, all);
    }

    void throwIfAny(String summary) {
        if (!problems.isEmpty()) {
            throw new DatasetFormatException(summary, problems);
        }
    }
}
