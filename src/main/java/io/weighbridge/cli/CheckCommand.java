package io.weighbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Unremovable;
import io.weighbridge.check.CheckReport;
import io.weighbridge.check.DryRun;
import io.weighbridge.check.InvalidCheckRequestException;
import io.weighbridge.check.PolicyReader;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.policy.PolicyValidationException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import io.weighbridge.dockerfile.Dockerfile;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code check}: weighs images, or the images of a manifest, as the webhook would judge them. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Weigh images, or the images of every workload in a manifest, against the policies.",
            "Exits 0 when allowed (warnings included), 1 when denied, 2 on usage errors and invalid policy files."
        })
@Dependent
@Unremovable
class CheckCommand implements Callable<Integer>, BeanCommand {

    @Option(names = "--policy", paramLabel = "PATH",
            description = "Policy file or folder to try instead of the installed policies.")
    Path policy;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Namespace the images would run in (objects in the manifest keep their own).")
    String namespace;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (the document of docs/check-json.md). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "Manifest (multi-document YAML, List kinds) whose workloads to check, or a Dockerfile"
                    + " (lint and weigh its final base); - reads stdin.")
    String manifest;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Image references, as written in a pod spec.")
    List<String> images = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    DryRun dryRun;

    @Inject
    PolicyReader policies;

    @Inject
    ObjectMapper json;

    @Override
    public void checkArguments() {
        if (images.isEmpty() == (manifest == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give IMAGE… or -f FILE (one of them)");
        }
    }

    @Override
    public Integer call() {
        checkArguments();
        PrintWriter err = spec.commandLine().getErr();
        PolicySet tried;
        try {
            tried = policy == null ? null : policies.load(policy);
        } catch (PolicyValidationException e) {
            e.problems().forEach(problem -> err.println(problem));
            return ExitCodes.USAGE;
        }
        CheckReport report;
        try {
            report = weigh(tried, err);
        } catch (InvalidCheckRequestException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        print(report);
        return report.verdict() == Action.DENY ? ExitCodes.DENIED_OR_INVALID : ExitCodes.OK;
    }

    private CheckReport weigh(PolicySet tried, PrintWriter err) {
        if (manifest == null) {
            return await(dryRun.checkImages(images, namespace, tried), images.size() + " image(s)");
        }
        Optional<Dockerfile> dockerfile = DockerfileInput.read(manifest, System.in);
        if (dockerfile.isPresent()) {
            return await(dryRun.checkDockerfile(dockerfile.get(), manifest, namespace, tried), "the final base of " + manifest);
        }
        ManifestWorkloads workloads = ManifestWorkloads.read(manifest, System.in, namespace);
        workloads.skipped().forEach(skipped -> err.println("skipped " + skipped));
        int imageCount = workloads.workloads().stream().mapToInt(w -> w.images().size()).sum();
        return await(dryRun.checkWorkloads(workloads.workloads(), tried), imageCount + " image(s)");
    }

    private CheckReport await(CompletableFuture<CheckReport> report, String what) {
        try (Progress progress = Progress.onTerminal(spec.commandLine().getErr(), "weighing " + what)) {
            return report.join();
        }
    }

    private void print(CheckReport report) {
        ReportOutput.print(spec.commandLine().getOut(), output, json, report, () -> new CheckTable(report).render());
    }
}
