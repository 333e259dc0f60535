package io.weighbridge.policy;

import io.weighbridge.image.OneLine;

/**
 * One thing wrong in a policy file.
 *
 * @param file the file (or {@code <inline>})
 * @param line 1-based line, or 0 when unknown
 * @param field the field path ({@code spec.rules[2].maxSize}), or {@code null}
 * @param message what is wrong, in one line
 */
public record PolicyProblem(String file, int line, String field, String message) {
    /** Fields and messages quote the policy's own text ("got …"), which may hold characters no one can see or could misread. */
    public PolicyProblem {
        field = field == null ? null : OneLine.of(field);
        message = OneLine.of(message);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        if (field != null) {
            text.append(": ").append(field);
        }
        return text.append(": ").append(message).toString();
    }
}
