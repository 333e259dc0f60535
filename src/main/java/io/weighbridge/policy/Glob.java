package io.weighbridge.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Shell-style globs for namespaces and image references: {@code *} matches any characters but
 * {@code /}, {@code **} matches any characters including {@code /}, {@code ?} matches one
 * character but {@code /}. So {@code quay.io/acme/*} matches {@code quay.io/acme/app:1} but not
 * {@code quay.io/acme/team/app:1}; {@code quay.io/acme/**} matches both.
 */
final class Glob {
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private Glob() {}

    static boolean matches(String glob, String text) {
        return COMPILED.computeIfAbsent(glob, Glob::compile).matcher(text).matches();
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
