package io.weighbridge.workload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.weighbridge.image.OneLine;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One-line descriptions of what Jackson could not read, and of JSON values, for messages. */
public final class JsonProblems {
    private static final int MAX_CHARS = 300;
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    /** A Java type as Jackson quotes it: {@code `java.util.ArrayList<io.fabric8…ContainerPort>`}, {@code `int`}. */
    private static final Pattern JAVA_TYPE = Pattern.compile("`([\\w$.]+)(<[^`]*>)?(\\[])?`");

    private static final Pattern CANNOT_DESERIALIZE =
            Pattern.compile("Cannot deserialize value of type (`[^`]+`) from (\\w+).*", Pattern.DOTALL);
    private static final Pattern CANNOT_CONSTRUCT = Pattern.compile(
            "Cannot construct instance of (`[^`]+`)(?:.*?deserialize from (\\w+) value)?.*", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile(" ?\\(token `JsonToken\\.\\w+`\\)");

    private JsonProblems() {}

    /** Jackson's own message with the field path it failed at ({@code … at spec.replicas}), in one line. */
    public static String describe(Exception e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return oneLine(inPlainWords(mapping.getOriginalMessage())) + " at " + path(mapping);
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
            return where + ": " + withoutValues(inPlainWords(mapping.getOriginalMessage()));
        }
        return (at == null ? "" : at + ": ") + withoutValues(describe(e));
    }

    /**
     * Jackson's binding message without Java: {@code Cannot deserialize value of type
     * `java.util.ArrayList<…>` from String value} is {@code expected a list, not a string}, and a
     * type named anywhere else is said as the JSON it stands for. People read these in warnings and
     * in answers to the apiserver, where a Java class name tells them nothing (issue 10).
     */
    static String inPlainWords(String message) {
        if (message == null) {
            return "";
        }
        Matcher deserialize = CANNOT_DESERIALIZE.matcher(message);
        if (deserialize.matches()) {
            return "expected " + typeInWords(deserialize.group(1)) + ", not " + jsonInWords(deserialize.group(2));
        }
        Matcher construct = CANNOT_CONSTRUCT.matcher(message);
        if (construct.matches()) {
            return "expected " + typeInWords(construct.group(1))
                    + (construct.group(2) == null ? "" : ", not " + jsonInWords(construct.group(2)));
        }
        return JAVA_TYPE.matcher(TOKEN.matcher(message).replaceAll("")).replaceAll(type -> typeInWords(type.group()));
    }

    /** {@code `java.lang.String`} → {@code a string}; a Kubernetes model type → {@code an object}. */
    private static String typeInWords(String quotedType) {
        Matcher type = JAVA_TYPE.matcher(quotedType);
        if (!type.matches()) {
            return "a value";
        }
        if (type.group(3) != null) {
            return "a list";
        }
        String name = type.group(1).substring(type.group(1).lastIndexOf('.') + 1);
        return switch (name) {
            case "String", "char", "Character" -> "a string";
            case "Integer", "int", "Long", "long", "Short", "short", "BigInteger" -> "a whole number";
            case "Double", "double", "Float", "float", "BigDecimal", "Number" -> "a number";
            case "Boolean", "boolean" -> "a boolean";
            case "List", "ArrayList", "Collection", "Set", "HashSet", "LinkedHashSet" -> "a list";
            case "IntOrString" -> "a number or a string";
            case "Quantity" -> "a quantity";
            default -> "an object";
        };
    }

    /** Jackson's name of what it found ({@code Array}, {@code String}, {@code Integer}…) as JSON. */
    private static String jsonInWords(String found) {
        return switch (found) {
            case "Array" -> "a list";
            case "Object" -> "an object";
            case "String" -> "a string";
            case "Integer", "Long", "BigInteger", "Int" -> "a whole number";
            case "Double", "Float", "BigDecimal", "Floating" -> "a number";
            case "Boolean" -> "a boolean";
            case "Null" -> "null";
            default -> "a " + found.toLowerCase(java.util.Locale.ROOT);
        };
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
        return value.isObject()
                ? "an object"
                : "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Whitespace runs made single spaces, characters no one can see or could misread made {@code ?}
     * (Jackson quotes the character it stopped at, which may be a control or a non-character), and
     * at most {@value #MAX_CHARS} characters: {@link OneLine}'s rule.
     */
    public static String oneLine(String text) {
        return OneLine.cap(text == null ? "" : text, MAX_CHARS);
    }
}
