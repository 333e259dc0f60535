package io.weighbridge.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Field names from an object's root down to a nested object, such as {@code spec.template.spec}.
 * No list indexes: a pod spec is never inside a list.
 */
public record FieldPath(List<String> fields) {
    /** A JSON field name as Kubernetes writes them (letters, digits, {@code _} and {@code -}). */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_-]+");

    public FieldPath {
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a path needs at least one field");
        }
    }

    /**
     * Parses {@code spec.template.spec}.
     *
     * @throws IllegalArgumentException with the reason, for an empty path, an empty field or a
     *     character that is not part of a field name
     */
    public static FieldPath parse(String dotted) {
        if (dotted == null || dotted.isBlank()) {
            throw new IllegalArgumentException("is empty; write field names separated by dots, e.g. spec.template");
        }
        List<String> fields = new ArrayList<>();
        for (String field : dotted.strip().split("\\.", -1)) {
            if (!FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException(
                        "\"" + dotted + "\" is not a path of field names separated by dots" + " (such as spec.template)"
                                + (field.isEmpty() ? ": a field is empty" : ": \"" + field + "\""));
            }
            fields.add(field);
        }
        return new FieldPath(fields);
    }

    /** This path, then one more field. */
    public FieldPath then(String field) {
        List<String> longer = new ArrayList<>(fields);
        longer.add(field);
        return new FieldPath(longer);
    }

    /** The first {@code count} fields. */
    public FieldPath first(int count) {
        return new FieldPath(fields.subList(0, count));
    }

    @Override
    public String toString() {
        return String.join(".", fields);
    }
}
