package io.weighbridge.dockerfile;

import java.util.ArrayDeque;
import java.util.Deque;

/** Absolute container paths: relative ones resolved against the working directory, {@code .} and {@code ..} folded. */
final class Paths {
    private Paths() {}

    static String resolve(String workdir, String path) {
        String unquoted = Words.unquote(path.strip());
        String joined = unquoted.startsWith("/") ? unquoted : workdir + "/" + unquoted;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** Whether {@code path} is {@code dir} or inside it. */
    static boolean within(String path, String dir) {
        return path.equals(dir) || dir.equals("/") || path.startsWith(dir + "/");
    }
}
