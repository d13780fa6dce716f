package io.ferperturb.domain.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it to Strings, holding at most one line (bounded by
 * {@code maxLineBytes}) plus one read buffer in memory. The current line is exposed as a range of
 * {@link #bytes()}, without its '\n' and a trailing '\r' (CRLF files).
 */
final class LineScanner {
    private static final int READ_BYTES = 1 << 16;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buffer = new byte[READ_BYTES];
    private int position;
    private int limit;
    private boolean endOfInput;

    private long lineNumber;
    private int lineStart;
    private int lineEnd;
    private boolean lineTooLong;

    LineScanner(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Advances to the next line; false at the end of input. */
    boolean next() throws IOException {
        lineTooLong = false;
        int searchFrom = position;
        while (true) {
            int newline = indexOfNewline(searchFrom);
            if (newline >= 0) {
                setLine(position, newline);
                position = newline + 1;
                return true;
            }
            if (endOfInput) {
                if (position < limit) {
                    setLine(position, limit);
                    position = limit;
                    return true;
                }
                return false;
            }
            if (limit - position >= maxLineBytes) {
                skipRestOfLongLine();
                return true;
            }
            searchFrom = limit - position;
            fill();
            searchFrom += position;
        }
    }

    long lineNumber() {
        return lineNumber;
    }

    byte[] bytes() {
        return buffer;
    }

    int start() {
        return lineStart;
    }

    int end() {
        return lineEnd;
    }

    /** The line was longer than the limit; its content was discarded. */
    boolean tooLong() {
        return lineTooLong;
    }

    private int indexOfNewline(int from) {
        byte[] b = buffer;
        for (int i = from; i < limit; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void setLine(int start, int newline) {
        lineNumber++;
        int end = newline;
        if (end > start && buffer[end - 1] == '\r') {
            end--;
        }
        lineStart = start;
        lineEnd = end;
    }

    /** Moves the unread bytes to the front, grows the buffer if a line needs it, and reads more. */
    private void fill() throws IOException {
        int unread = limit - position;
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, unread);
            position = 0;
            limit = unread;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxLineBytes + READ_BYTES));
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            endOfInput = true;
        } else {
            limit += n;
        }
    }

    private void skipRestOfLongLine() throws IOException {
        lineNumber++;
        lineTooLong = true;
        lineStart = 0;
        lineEnd = 0;
        while (true) {
            int newline = indexOfNewline(position);
            if (newline >= 0) {
                position = newline + 1;
                return;
            }
            position = limit;
            if (endOfInput) {
                return;
            }
            fill();
        }
    }
}
