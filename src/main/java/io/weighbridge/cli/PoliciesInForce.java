package io.weighbridge.cli;

import io.weighbridge.check.PolicyReader;
import io.weighbridge.policy.Enforcement;
import io.weighbridge.policy.PolicyConfig;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.policy.PolicyValidationException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The policies a {@code check} or {@code audit} judges by: the file or folder of {@code --policy},
 * else the installed ones ({@code weighbridge.policy.path}, with the install-wide enforcement
 * override, as the webhook would apply them). Never none: a verdict read by a person or CI must
 * not come from a missing path or an empty folder, so those are refused with one line naming
 * the path, resolved against the working folder.
 */
final class PoliciesInForce {
    private PoliciesInForce() {}

    /** No policy to judge by; the message is the one line for the user. */
    static final class NoPoliciesException extends Exception {
        NoPoliciesException(String message) {
            super(message);
        }
    }

    /**
     * The policies to judge by, or {@code null} once {@code err} says why there are none: one
     * line, or one line per problem of an invalid file. The command then exits 2.
     */
    static PolicySet loadOrExplain(PolicyReader reader, Path given, PolicyConfig config, PrintWriter err) {
        try {
            return load(reader, given, config.path(), config.enforcementOverride());
        } catch (NoPoliciesException e) {
            err.println("error: " + e.getMessage());
        } catch (PolicyValidationException e) {
            e.problems().forEach(err::println);
        }
        err.flush();
        return null;
    }

    /**
     * @param given {@code --policy} as the user wrote it, or {@code null}
     * @param installed the configured {@code weighbridge.policy.path}
     * @param override the configured {@code weighbridge.policy.enforcement-override}
     * @throws PolicyValidationException when a file does not parse or validate (its problems name file, line, field)
     */
    static PolicySet load(PolicyReader reader, Path given, Path installed, Optional<Enforcement> override)
            throws NoPoliciesException, PolicyValidationException {
        if (given != null) {
            return read(reader, given, "--policy " + given + ": ", "");
        }
        PolicySet set = read(reader, installed, "", " (set --policy or WEIGHBRIDGE_POLICY_PATH)");
        return override.map(set::withEnforcement).orElse(set);
    }

    private static PolicySet read(PolicyReader reader, Path path, String named, String hint)
            throws NoPoliciesException, PolicyValidationException {
        Path resolved = path.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new NoPoliciesException("no policies in force: " + named + resolved + " does not exist" + hint);
        }
        PolicySet set = reader.load(path);
        if (set.policies().isEmpty()) {
            String what = Files.isDirectory(path)
                    ? " holds no ImageSizePolicy document in its *.yaml/*.yml files"
                    : " holds no ImageSizePolicy document";
            throw new NoPoliciesException("no policies in force: " + named + resolved + what + hint);
        }
        return set;
    }
}
