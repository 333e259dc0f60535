package io.weighbridge.deploy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented keys of a values.yaml, as the `# --` convention marks them: a key whose
 * comment line right above starts with `# --` is documented (with its children).
 */
final class ValuesKeys {

    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z0-9]*):(.*)$");

    private ValuesKeys() {}

    /** Dotted keys that carry a `# --` comment. */
    static List<String> leafKeys(List<String> lines) {
        List<String> keys = new ArrayList<>();
        walk(lines, keys, new ArrayList<>());
        return keys;
    }

    /** Dotted keys with a value but neither their own `# --` comment nor a documented parent. */
    static List<String> undocumented(List<String> lines) {
        List<String> missing = new ArrayList<>();
        walk(lines, new ArrayList<>(), missing);
        return missing;
    }

    private static void walk(List<String> lines, List<String> documented, List<String> missing) {
        Deque<String[]> path = new ArrayDeque<>(); // {indent, key, documented}
        String previous = "";
        for (String line : lines) {
            Matcher m = KEY.matcher(line);
            if (m.matches()) {
                int indent = m.group(1).length();
                while (!path.isEmpty() && Integer.parseInt(path.peek()[0]) >= indent) {
                    path.pop();
                }
                boolean parentDocumented = path.stream().anyMatch(p -> p[2].equals("true"));
                boolean own = previous.trim().startsWith("# --");
                StringBuilder dotted = new StringBuilder();
                path.descendingIterator()
                        .forEachRemaining(p -> dotted.append(p[1]).append('.'));
                dotted.append(m.group(2));
                boolean hasValue = !m.group(3).isBlank();
                if (own && !parentDocumented) {
                    documented.add(dotted.toString());
                } else if (hasValue && !own && !parentDocumented) {
                    missing.add(dotted.toString());
                }
                path.push(new String[] {String.valueOf(indent), m.group(2), String.valueOf(own || parentDocumented)});
            }
            if (!line.isBlank()) {
                previous = line;
            }
        }
    }
}
