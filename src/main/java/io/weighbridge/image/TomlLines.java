package io.weighbridge.image;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the tables and keys of a registries.conf are, by line, for messages: the TOML library
 * gives a tree without positions. It knows {@code [[registry]]} and {@code [[registry.mirror]]}
 * headers and {@code key = …} lines; anything written another way (inline tables) gets the
 * nearest line it knows, or none (-1).
 */
final class TomlLines {
    private static final Pattern REGISTRY = Pattern.compile("\\s*\\[\\[\\s*registry\\s*]]\\s*(#.*)?");
    private static final Pattern MIRROR = Pattern.compile("\\s*\\[\\[\\s*registry\\s*\\.\\s*mirror\\s*]]\\s*(#.*)?");
    private static final Pattern ANY_HEADER = Pattern.compile("\\s*\\[.*");

    private final List<String> lines;
    private final List<Integer> registries = new ArrayList<>();
    private final List<List<Integer>> mirrors = new ArrayList<>();
    private final int firstHeader;

    TomlLines(String text) {
        this.lines = text.lines().toList();
        int first = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (first < 0 && ANY_HEADER.matcher(line).matches()) {
                first = i;
            }
            if (REGISTRY.matcher(line).matches()) {
                registries.add(i);
                mirrors.add(new ArrayList<>());
            } else if (MIRROR.matcher(line).matches() && !mirrors.isEmpty()) {
                mirrors.get(mirrors.size() - 1).add(i);
            }
        }
        this.firstHeader = first < 0 ? lines.size() : first;
    }

    /** The line (1-based) of a top-level {@code key = …} or {@code [key]} table, or -1. */
    int topLevel(String key) {
        for (int i = 0; i < firstHeader; i++) {
            if (setsKey(lines.get(i), key)) {
                return i + 1;
            }
        }
        Pattern table = Pattern.compile("\\s*\\[\\s*" + Pattern.quote(key) + "\\s*[].].*");
        for (int i = firstHeader; i < lines.size(); i++) {
            if (table.matcher(lines.get(i)).matches()) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The line of the {@code index}th {@code [[registry]]} header, or -1. */
    int registry(int index) {
        return index < registries.size() ? registries.get(index) + 1 : -1;
    }

    /** The line of the {@code mirror}th {@code [[registry.mirror]]} of the {@code registry}th registry, or -1. */
    int mirror(int registry, int mirror) {
        if (registry >= mirrors.size() || mirror >= mirrors.get(registry).size()) {
            return registry(registry);
        }
        return mirrors.get(registry).get(mirror) + 1;
    }

    /** The line that sets {@code key} in a registry ({@code mirror} &lt; 0) or one of its mirrors, else its header's line. */
    int key(int registry, int mirror, String key) {
        int header = mirror < 0 ? registry(registry) : mirror(registry, mirror);
        if (header < 0) {
            return -1;
        }
        for (int i = header;
                i < lines.size() && !ANY_HEADER.matcher(lines.get(i)).matches();
                i++) {
            if (setsKey(lines.get(i), key)) {
                return i + 1;
            }
        }
        return header;
    }

    private static boolean setsKey(String line, String key) {
        String stripped = line.strip();
        for (String form : List.of(key, "\"" + key + "\"", "'" + key + "'")) {
            if (stripped.startsWith(form)
                    && stripped.substring(form.length()).stripLeading().startsWith("=")) {
                return true;
            }
        }
        return false;
    }
}
