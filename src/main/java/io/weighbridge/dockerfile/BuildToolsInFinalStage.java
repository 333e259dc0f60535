package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compilers and SDKs in the image that runs: an SDK base ({@code golang}, {@code maven},
 * {@code gradle}, {@code gcc}, {@code node} that builds) for the final stage, or build packages
 * installed with apt/dnf/yum and not removed in the same RUN. A multi-stage build leaves them behind.
 */
final class BuildToolsInFinalStage implements LintRule {
    static final String ID = "build-tools-in-final-stage";
    private static final Set<String> SDK_IMAGES = Set.of("golang", "maven", "gradle", "gcc", "rust", "buildpack-deps");
    private static final List<String> PACKAGE_MANAGERS = List.of("apt-get", "apt", "dnf", "yum", "microdnf");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<LintFinding> check(LintInput input) {
        List<LintFinding> findings = new ArrayList<>();
        input.dockerfile().finalStage().ifPresent(last -> sdkBase(input, last, findings));
        for (Step run : input.runs()) {
            if (Additions.removesPackagesIn(run)) {
                continue;
            }
            List<String> tools = run.calls(PACKAGE_MANAGERS, List.of("install")).stream()
                    .flatMap(c -> c.operands().stream())
                    .filter(BuildPackages::isBuildPackage)
                    .distinct()
                    .limit(4)
                    .toList();
            if (!tools.isEmpty()) {
                findings.add(new LintFinding(
                        ID,
                        run.line(),
                        "build packages " + String.join(" ", tools) + " stay in the final image",
                        "compile in a build stage and COPY --from it only the result, or purge them in the same RUN"));
            }
        }
        return findings;
    }

    private static void sdkBase(LintInput input, Stage last, List<LintFinding> findings) {
        String base = input.dockerfile().finalBase().orElse("");
        ImageName image = ImageName.of(base);
        String name = image.shortName();
        boolean sdk = SDK_IMAGES.contains(name)
                || name.equals("sdk") && image.repository().contains("dotnet")
                || name.equals("node") && input.runs().stream().anyMatch(BuildToolsInFinalStage::buildsJavaScript);
        if (sdk) {
            Stage from = input.dockerfile()
                    .shippedStages()
                    .get(input.dockerfile().shippedStages().size() - 1);
            findings.add(new LintFinding(
                    ID,
                    from.line(),
                    "the final stage runs on the " + name + " SDK image " + base,
                    "build in a FROM " + name + " AS build stage, then COPY --from=build only the result onto alpine,"
                            + " distroless or scratch"));
        }
    }

    private static boolean buildsJavaScript(Step run) {
        return run.commands().stream()
                .anyMatch(c -> c.runs("npm", "yarn", "pnpm")
                                && (c.subcommand().equals("build")
                                        || c.subcommand().matches("run(-script)?") && c.has("build"))
                        || c.runs("tsc", "webpack", "ng", "vite") && (c.runs("tsc", "webpack") || c.has("build")));
    }
}
