package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** The here-document markers ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}) of an instruction line, outside quotes. */
final class HeredocMarkers {
    record Marker(String delimiter, boolean stripTabs) {}

    private HeredocMarkers() {}

    static List<Marker> find(String args) {
        List<Marker> markers = new ArrayList<>();
        char quote = 0;
        int i = 0;
        while (i < args.length()) {
            char c = args.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
                i++;
            } else if (c == '"' || c == '\'') {
                quote = c;
                i++;
            } else if (args.startsWith("<<", i) && !args.startsWith("<<<", i)) {
                int at = i + 2;
                boolean stripTabs = at < args.length() && args.charAt(at) == '-';
                if (stripTabs) {
                    at++;
                }
                char open = at < args.length() ? args.charAt(at) : 0;
                boolean quoted = open == '"' || open == '\'';
                int start = quoted ? at + 1 : at;
                int end = start;
                while (end < args.length() && isWordChar(args.charAt(end))) {
                    end++;
                }
                if (end > start) {
                    markers.add(new Marker(args.substring(start, end), stripTabs));
                }
                i = quoted && end < args.length() ? end + 1 : Math.max(end, i + 2);
            } else {
                i++;
            }
        }
        return markers;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }
}
