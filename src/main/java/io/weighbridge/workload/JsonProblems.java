package io.weighbridge.workload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One-line descriptions of what Jackson could not read, and of JSON values, for messages. */
public final class JsonProblems {
    private static final int MAX_CHARS = 300;
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    private JsonProblems() {}

    /** Jackson's own message with the field path it failed at ({@code … at spec.replicas}), in one line. */
    public static String describe(Exception e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return oneLine(mapping.getOriginalMessage()) + " at " + path(mapping);
        }
        if (e instanceof JsonProcessingException processing) {
            JsonLocation at = processing.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return oneLine(processing.getOriginalMessage()) + where;
        }
        return oneLine(e.getMessage());
    }

    /**
     * What failed to bind below {@code at} (the object's root when {@code null}), the path joined: {@code spec.template.spec.containers[0].ports:
     * Cannot deserialize…}. Values Jackson quotes are left out: they come from the object, whose
     * environment values and annotations may be secret, and the message goes to logs.
     */
    public static String describeBelow(FieldPath at, Exception e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String below = path(mapping);
            String where = at == null ? below : at + (below.startsWith("[") ? "" : ".") + below;
            return where + ": " + withoutValues(mapping.getOriginalMessage());
        }
        return (at == null ? "" : at + ": ") + withoutValues(describe(e));
    }

    /** Jackson's message with every double-quoted value replaced by {@code "…"}. */
    static String withoutValues(String message) {
        return oneLine(message == null ? "" : QUOTED.matcher(message).replaceAll("\"…\""));
    }

    /** The field path of a mapping failure: {@code spec.containers[0].image}. */
    public static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    /** What a JSON value is, for "… is a string, not a list": {@code a string}, {@code a list}, {@code null}… */
    public static String kindOf(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isObject() ? "an object" : "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whitespace runs made single spaces, and at most {@value #MAX_CHARS} characters. */
    public static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS - 1) + "…";
    }
}
