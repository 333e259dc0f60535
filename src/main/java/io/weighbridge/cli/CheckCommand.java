package io.weighbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Unremovable;
import io.weighbridge.check.CheckReport;
import io.weighbridge.check.DryRun;
import io.weighbridge.check.InvalidCheckRequestException;
import io.weighbridge.check.PolicyReader;
import io.weighbridge.check.Workload;
import io.weighbridge.dockerfile.BuildArgValues;
import io.weighbridge.dockerfile.Dockerfile;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.InvalidImageReferenceException;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.PolicyConfig;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.workload.WorkloadReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check}: weighs images, or the images of a manifest, as the webhook would judge them;
 * lints a Dockerfile and weighs its final base as a BuildConfig's would be.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Weigh images, or the images of every workload in a manifest, against the policies;"
                    + " or lint a Dockerfile and weigh its final base.",
            "Exits 0 when allowed (warnings included), 1 when denied, 2 on usage errors and invalid policy files."
        })
@Dependent
@Unremovable
class CheckCommand implements Callable<Integer>, BeanCommand {

    @Option(
            names = "--policy",
            paramLabel = "PATH",
            description = "Policy file or folder to try instead of the installed policies.")
    Path policy;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description = "Namespace the images would run in (objects in the manifest keep their own).")
    String namespace;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = {
                "table, json (the document of docs/check-json.md) or sarif (SARIF 2.1.0 for code scanning)."
                        + " Default: ${DEFAULT-VALUE}.",
                "Under GitHub Actions (GITHUB_ACTIONS=true) the table is followed by ::error/::warning annotations."
            })
    OutputFormat output;

    @Option(
            names = {"-f", "--filename"},
            paramLabel = "FILE",
            description = {
                "Manifest (multi-document YAML, List kinds) whose workloads to check, or a Dockerfile"
                        + " (lint and weigh its final base); - reads stdin.",
                "A Dockerfile is told by its name (Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*) or,"
                        + " for other names and stdin, by a first instruction FROM or ARG."
            })
    String manifest;

    @Option(
            names = "--build-arg",
            paramLabel = "NAME[=VALUE]",
            description =
                    "With a Dockerfile, as docker build --build-arg: the value of an ARG declared before the first"
                            + " FROM, replacing its default there; NAME alone takes the environment variable NAME. Repeatable.")
    List<String> buildArgs = new ArrayList<>();

    @Option(
            names = "--baseline",
            paramLabel = "IMAGE",
            description =
                    "The image the one IMAGE replaces (what its container runs now): maxGrowth rules judge its growth"
                            + " over it, as on an UPDATE that swaps one for the other.")
    String baseline;

    @Option(
            names = "--baseline-file",
            paramLabel = "OLD.yaml",
            description = "With -f: the previous version of the manifest. Each workload is judged as an UPDATE from its"
                    + " version there (same kind, namespace and name): maxGrowth rules judge every image that replaces another"
                    + " in the same container, and images it already ran are never denied.")
    String baselineFile;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Image references, as written in a pod spec.")
    List<String> images = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    DryRun dryRun;

    @Inject
    PolicyReader policies;

    @Inject
    PolicyConfig policyConfig;

    @Inject
    ObjectMapper json;

    @Inject
    WorkloadReader workloadReader;

    /** Where {@code -f -} reads from. */
    InputStream stdin = System.in;

    /** The environment, for {@code GITHUB_ACTIONS}. */
    Map<String, String> environment = System.getenv();

    /** The file checked ({@code -f}), to place findings in it; {@code null} for bare images. */
    private CheckedSource source;

    @Override
    public void checkArguments() {
        if (images.isEmpty() == (manifest == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give IMAGE… or -f FILE (one of them)");
        }
        if (!buildArgs.isEmpty() && manifest == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--build-arg applies to -f Dockerfile only");
        }
        if (baseline != null && images.size() != 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--baseline IMAGE judges the growth of one IMAGE over it; for manifests use -f NEW.yaml --baseline-file OLD.yaml");
        }
        if (baselineFile != null && manifest == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--baseline-file OLD.yaml applies to -f NEW.yaml");
        }
        if (CheckInput.STDIN.equals(baselineFile) && CheckInput.STDIN.equals(manifest)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "stdin can be read once: give -f or --baseline-file a file");
        }
        buildArgValues(); // an empty NAME is a usage error before Quarkus starts
        List<String> references = new ArrayList<>(images);
        if (baseline != null) {
            references.add(baseline);
        }
        for (String image : references) {
            try {
                ImageReference.parse(image);
            } catch (InvalidImageReferenceException e) {
                // The webhook would only warn (onRegistryError): on the command line it is a typo to fix.
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        checkArguments();
        PrintWriter err = spec.commandLine().getErr();
        PolicySet judgedBy = PoliciesInForce.loadOrExplain(policies, policy, policyConfig, err);
        if (judgedBy == null) {
            return ExitCodes.USAGE;
        }
        CheckReport report;
        try {
            report = weigh(judgedBy, err);
        } catch (InvalidCheckRequestException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        print(report);
        return report.verdict() == Action.DENY ? ExitCodes.DENIED_OR_INVALID : ExitCodes.OK;
    }

    private CheckReport weigh(PolicySet tried, PrintWriter err) {
        if (manifest == null) {
            return await(dryRun.checkImages(images, namespace, tried, baseline), images.size() + " image(s)");
        }
        CheckInput input = CheckInput.read(manifest, stdin);
        if (DockerfileInput.isDockerfile(input)) {
            if (baselineFile != null) {
                throw new InvalidCheckRequestException(
                        "--baseline-file applies to manifests, and " + input.shownAs() + " is a Dockerfile");
            }
            Dockerfile dockerfile = Dockerfile.parse(input.text(), buildArgValues());
            source = new CheckedSource(input.shownAs(), input.text(), dockerfile);
            return await(
                    dryRun.checkDockerfile(dockerfile, input.shownAs(), namespace, tried),
                    "the final base of " + input.shownAs());
        }
        if (!buildArgs.isEmpty()) {
            throw new InvalidCheckRequestException("--build-arg applies to a Dockerfile, and " + input.shownAs()
                    + " is a manifest (a BuildConfig's build arguments are its dockerStrategy.buildArgs)");
        }
        source = new CheckedSource(input.shownAs(), input.text(), null);
        ManifestWorkloads workloads = ManifestWorkloads.read(input, namespace, workloadReader);
        workloads.skipped().forEach(skipped -> err.println("skipped " + skipped));
        List<Workload> before = baselineFile == null
                ? List.of()
                : ManifestWorkloads.read(CheckInput.read(baselineFile, stdin), namespace, workloadReader)
                        .workloads();
        int imageCount =
                workloads.workloads().stream().mapToInt(w -> w.images().size()).sum();
        return await(dryRun.checkWorkloads(workloads.workloads(), tried, before), imageCount + " image(s)");
    }

    /** {@code --build-arg} as docker build reads it; the last value of a name wins. */
    private BuildArgValues buildArgValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : buildArgs) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (name.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--build-arg " + arg + ": NAME is empty");
            }
            String value = eq < 0 ? System.getenv(name) : arg.substring(eq + 1);
            values.remove(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return BuildArgValues.of(values);
    }

    private CheckReport await(CompletableFuture<CheckReport> report, String what) {
        try (Progress progress = Progress.onTerminal(spec.commandLine().getErr(), "weighing " + what)) {
            return report.join();
        }
    }

    private void print(CheckReport report) {
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputFormat.sarif) {
            String version = new VersionProvider().getVersion()[0].replace("weighbridge ", "");
            ReportOutput.print(out, OutputFormat.json, json, SarifReport.of(report, source, version, json), () -> "");
            return;
        }
        ReportOutput.print(out, output, json, report, () -> new CheckTable(report).render());
        if (output == OutputFormat.table && GithubAnnotations.inActions(environment)) {
            GithubAnnotations.of(report, source).forEach(out::println);
            out.flush();
        }
    }
}
