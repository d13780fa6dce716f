package io.ferperturb.commons;

import io.ferperturb.domain.Quoted;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A request body that Jackson could not read, in one sentence a user can act on: that it is not JSON at all, or
 * where in the document (the path of fields and indexes) and what was wrong, without Jackson's class names or source excerpts. Used by the
 * common error mapper and by services that parse a body themselves, so every malformed JSON reads the same.
 */
public final class JsonInputErrors {
    private static final int MAX_DETAIL = 200;
    /** Where Jackson says it was in the source, e.g. " (start marker at [Source: REDACTED …; line: 1, column: 11])". */
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\s*\\(?(start marker )?at \\[Source:.*$");

    private JsonInputErrors() {
    }

    public static String describe(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException syntax) { // not JSON at all: there is no "where" in a document
                return "the body is not valid JSON: " + shortened(syntax.getOriginalMessage());
            }
        }
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? " at " + mapping.getPath().stream().map(JsonInputErrors::step).collect(Collectors.joining())
                        .replaceFirst("^\\.", "")
                : "";
        String what = e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage()
                : e.getOriginalMessage();
        return "the body is not the JSON this endpoint reads" + where + ": " + shortened(what);
    }

    private static String step(JsonMappingException.Reference reference) {
        return reference.getFieldName() != null ? "." + reference.getFieldName()
                : reference.getIndex() >= 0 ? "[" + reference.getIndex() + "]" : "";
    }

    /** The first line, without source locations or reference chains, at most {@value #MAX_DETAIL} characters. */
    private static String shortened(String message) {
        String line = message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
        line = SOURCE_LOCATION.matcher(line).replaceAll("");
        int hint = line.indexOf(" (through reference chain");
        line = hint > 0 ? line.substring(0, hint) : line;
        return Quoted.shortened(line, MAX_DETAIL);
    }
}
