package io.weighbridge.image.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters,
 * e.g. {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io"}.
 *
 * @param scheme lower-cased ({@code bearer}, {@code basic})
 * @param parameters names lower-cased, values unquoted
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

    AuthChallenge {
        parameters = Map.copyOf(parameters);
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name)).filter(v -> !v.isEmpty());
    }

    /** Parses every challenge of a header value; malformed tails are dropped, never thrown. */
    static List<AuthChallenge> parseAll(String header) {
        List<AuthChallenge> challenges = new ArrayList<>();
        if (header == null) {
            return challenges;
        }
        Cursor cursor = new Cursor(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (cursor.skipSeparators()) {
            String token = cursor.token();
            if (token.isEmpty()) {
                break;
            }
            cursor.skipSpaces();
            if (cursor.peek() == '=' && scheme != null) {
                cursor.advance();
                cursor.skipSpaces();
                params.put(token.toLowerCase(Locale.ROOT), cursor.peek() == '"' ? cursor.quoted() : cursor.token());
            } else {
                if (scheme != null) {
                    challenges.add(new AuthChallenge(scheme, params));
                    params = new LinkedHashMap<>();
                }
                scheme = token.toLowerCase(Locale.ROOT);
            }
        }
        if (scheme != null) {
            challenges.add(new AuthChallenge(scheme, params));
        }
        return challenges;
    }

    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        char peek() {
            return position < text.length() ? text.charAt(position) : '\0';
        }

        void advance() {
            position++;
        }

        void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        /** Skips spaces and commas; false at the end of the text. */
        boolean skipSeparators() {
            while (position < text.length()
                    && (text.charAt(position) == ',' || Character.isWhitespace(text.charAt(position)))) {
                position++;
            }
            return position < text.length();
        }

        String token() {
            int start = position;
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == '=' || c == ',' || c == '"' || Character.isWhitespace(c)) {
                    break;
                }
                position++;
            }
            // token68 values (Basic's base64) may end in '=' padding.
            return text.substring(start, position);
        }

        String quoted() {
            StringBuilder value = new StringBuilder();
            position++;
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '\\' && position < text.length()) {
                    value.append(text.charAt(position++));
                } else if (c == '"') {
                    break;
                } else {
                    value.append(c);
                }
            }
            return value.toString();
        }
    }
}
