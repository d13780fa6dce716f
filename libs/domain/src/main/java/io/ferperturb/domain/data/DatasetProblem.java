package io.ferperturb.domain.data;

/**
 * One thing wrong with an input dataset, located precisely enough for a person to find and fix it.
 *
 * @param source the file, archive entry or shard concerned; {@code null} for a single text input (a CSV)
 * @param line   1-based line number in a text file (the header is line 1), or 0 when lines do not apply
 * @param reason what is wrong, phrased so the user can act on it
 */
public record DatasetProblem(String source, long line, String reason) {

    /** A problem on a line of a text file ("line 17: expected 2304 pixel values, found 2303"). */
    public static DatasetProblem atLine(long line, String reason) {
        return new DatasetProblem(null, line, reason);
    }

    /** A problem with a named file, archive entry or shard ("train/happy/1.png: not a readable image"). */
    public static DatasetProblem inFile(String source, String reason) {
        return new DatasetProblem(source, 0, reason);
    }

    /** A problem with the input as a whole (an empty upload). */
    public static DatasetProblem general(String reason) {
        return new DatasetProblem(null, 0, reason);
    }

    @Override
    public String toString() {
        StringBuilder where = new StringBuilder();
        if (source != null) {
            where.append(source);
        }
        if (line > 0) {
            where.append(where.length() > 0 ? " " : "").append("line ").append(line);
        }
        return where.length() == 0 ? reason : where + ": " + reason;
    }
}
