package io.weighbridge.image;

import io.weighbridge.image.InvalidImageReferenceException.Problem;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pieces of the image reference grammar, as distribution/reference writes it
 * ({@code reference.go}, {@code regexp.go}), each checked on its own so that a broken reference
 * names its broken part:
 *
 * <pre>
 * reference        := name [ ":" tag ] [ "@" digest ]
 * name             := [domain '/'] path
 * domain           := host [':' port-number]
 * host             := domain-name | '[' IPv6 hex digits and ':' ']'
 * domain-name      := domain-component ['.' domain-component]*
 * domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 * path             := path-component ['/' path-component]*      (at most 255 characters)
 * path-component   := /[a-z0-9]+/ [separator /[a-z0-9]+/]*
 * separator        := /[_.]|__|[-]+/
 * tag              := /[\w][\w.-]{0,127}/
 * </pre>
 *
 * Two checks go beyond the grammar: a port is 1 to 65535 (the grammar takes any digits, which no
 * registry can listen on), and a digest is sha256 or sha512 in lowercase hex (what go-digest
 * accepts for the algorithms registries use).
 */
final class ReferenceGrammar {
    static final int MAX_PATH_LENGTH = 255;
    static final int MAX_TAG_LENGTH = 128;

    private static final Pattern DOMAIN_COMPONENT = Pattern.compile("[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]");
    private static final Pattern IPV6 = Pattern.compile("\\[[a-fA-F0-9:]++\\]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]++(?:(?:[._]|__|-++)[a-z0-9]++)*+");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0," + (MAX_TAG_LENGTH - 1) + "}");
    private static final int SHOWN = 80;

    /** What is wrong with one part, and which part. */
    record Flaw(Problem problem, String reason) {}

    private ReferenceGrammar() {}

    /**
     * Whether the first component of a name is a registry rather than a Docker Hub namespace, as
     * distribution/reference decides it: {@code localhost}, or anything with a '.', a ':' (a port,
     * an IPv6 address) or an upper-case letter, which no namespace may have.
     */
    static boolean namesRegistry(String firstComponent) {
        return firstComponent.equals("localhost")
                || firstComponent.indexOf('.') >= 0
                || firstComponent.indexOf(':') >= 0
                || !firstComponent.equals(firstComponent.toLowerCase(Locale.ROOT));
    }

    /** {@code host[:port]}: a domain name or a bracketed IPv6 address, and a port from 1 to 65535. */
    static Optional<Flaw> registryFlaw(String registry) {
        String host = registry;
        String port = null;
        if (registry.startsWith("[")) {
            int close = registry.indexOf(']');
            if (close < 0) {
                return flaw(Problem.HOST, "an IPv6 registry address needs its closing ']'", registry);
            }
            host = registry.substring(0, close + 1);
            String rest = registry.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return flaw(Problem.HOST, "only ':' and a port may follow an IPv6 registry address", registry);
            }
            port = rest.isEmpty() ? null : rest.substring(1);
            if (!IPV6.matcher(host).matches()) {
                return flaw(
                        Problem.HOST,
                        "an IPv6 registry address may contain only hex digits and ':' " + "(no zone, no embedded IPv4)",
                        host);
            }
        } else {
            int colon = registry.indexOf(':');
            if (colon >= 0) {
                if (registry.indexOf(':', colon + 1) >= 0) {
                    return flaw(
                            Problem.HOST, "an IPv6 registry address goes in brackets, as in [fc00::1]:5000", registry);
                }
                host = registry.substring(0, colon);
                port = registry.substring(colon + 1);
            }
            for (String component : host.split("\\.", -1)) {
                if (!DOMAIN_COMPONENT.matcher(component).matches()) {
                    return flaw(
                            Problem.HOST,
                            "registry host may contain only letters, digits and '-' (not at either end "
                                    + "of a part), in parts separated by '.'",
                            host);
                }
            }
        }
        if (port != null && !validPort(port)) {
            return flaw(Problem.PORT, "port must be a number from 1 to 65535", port);
        }
        return Optional.empty();
    }

    /**
     * The repository path as it will be asked for ({@code library/} already added on Docker
     * Hub); {@code typed} is how the user wrote it, for the message.
     */
    static Optional<Flaw> pathFlaw(String path, String typed) {
        if (path.isEmpty()) {
            return Optional.of(new Flaw(Problem.REPOSITORY, "repository name is missing"));
        }
        if (!path.equals(path.toLowerCase(Locale.ROOT))) {
            return flaw(Problem.UPPERCASE, "repository must be lowercase", typed);
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty()) {
                return flaw(
                        Problem.REPOSITORY,
                        "repository path has an empty component (a leading, trailing or doubled '/')",
                        typed);
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                return flaw(
                        Problem.REPOSITORY,
                        "repository path components may contain only lowercase letters and digits, "
                                + "separated by '.', '_', '__' or '-'",
                        component);
            }
        }
        if (path.length() > MAX_PATH_LENGTH) {
            return Optional.of(new Flaw(
                    Problem.NAME_TOO_LONG,
                    "repository name longer than " + MAX_PATH_LENGTH + " characters (" + path.length() + ")"));
        }
        return Optional.empty();
    }

    static Optional<Flaw> tagFlaw(String tag) {
        if (tag.isEmpty()) {
            return Optional.of(new Flaw(Problem.TAG, "tag after ':' is empty"));
        }
        if (!TAG.matcher(tag).matches()) {
            return flaw(
                    Problem.TAG,
                    "tag may contain only letters, digits, '_', '.' and '-', may not start with '.' or '-', "
                            + "and has at most " + MAX_TAG_LENGTH + " characters",
                    tag);
        }
        return Optional.empty();
    }

    static Optional<Flaw> digestFlaw(String digest) {
        if (digest.isEmpty()) {
            return Optional.of(new Flaw(Problem.DIGEST, "digest after '@' is empty"));
        }
        try {
            Digest.parse(digest);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return flaw(
                    Problem.DIGEST,
                    "digest must be sha256:<64 hex digits> or sha512:<128 hex digits>, in lowercase",
                    digest);
        }
    }

    private static boolean validPort(String port) {
        if (!PORT.matcher(port).matches()) {
            return false;
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535;
    }

    private static Optional<Flaw> flaw(Problem problem, String rule, String part) {
        return Optional.of(new Flaw(problem, rule + ": " + OneLine.cap(part, SHOWN)));
    }
}
