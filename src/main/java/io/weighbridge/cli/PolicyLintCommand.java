package io.weighbridge.cli;

import io.quarkus.arc.Unremovable;
import io.weighbridge.check.PolicyReader;
import io.weighbridge.policy.Policy;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.policy.PolicyValidationException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code policy lint PATH}: validates policy files exactly as the webhook loads them. */
@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = {
            "Validate a policy file, or every *.yaml/*.yml file under a folder.",
            "Exits 0 when valid, 1 when invalid with one line per problem (file:line: field: message),"
                    + " missing, or holding no policy."
        })
@Dependent
@Unremovable
class PolicyLintCommand implements Callable<Integer>, BeanCommand {

    @Parameters(paramLabel = "PATH", description = "Policy file or folder.")
    Path path;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    PolicyReader policies;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (!Files.exists(path)) {
                out.println(path + ": no such file or folder");
                return ExitCodes.DENIED_OR_INVALID;
            }
            PolicySet loaded = policies.load(path);
            if (loaded.policies().isEmpty()) {
                // The webhook would have nothing to judge by, and check and audit refuse such a path.
                out.println(path + ": no ImageSizePolicy document"
                        + (Files.isDirectory(path) ? " in its *.yaml/*.yml files" : ""));
                return ExitCodes.DENIED_OR_INVALID;
            }
            out.println(summary(loaded));
            return ExitCodes.OK;
        } catch (PolicyValidationException e) {
            e.problems().forEach(out::println);
            return ExitCodes.DENIED_OR_INVALID;
        } finally {
            out.flush();
        }
    }

    static String summary(PolicySet set) {
        int policyCount = set.policies().size();
        int ruleCount = set.policies().stream()
                .mapToInt(policy -> policy.rules().size())
                .sum();
        return "valid: " + count(policyCount, "policy", "policies") + ", " + count(ruleCount, "rule", "rules")
                + names(set);
    }

    private static String names(PolicySet set) {
        return set.policies().isEmpty()
                ? ""
                : " ("
                        + String.join(
                                ", ", set.policies().stream().map(Policy::name).toList()) + ")";
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
