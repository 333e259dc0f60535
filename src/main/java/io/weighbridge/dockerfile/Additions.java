package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * What one instruction adds, as far as the text says: caches of package managers left behind,
 * downloads ({@code curl -o}, {@code wget}), clones, installed packages, copied files. Whatever
 * the same RUN removes again does not count.
 */
final class Additions {
    private Additions() {}

    static List<Addition> of(Step step) {
        Instruction instruction = step.instruction();
        if (instruction.is("COPY") || instruction.is("ADD")) {
            return copied(step);
        }
        if (!step.isRun()) {
            return List.of();
        }
        List<Addition> added = new ArrayList<>();
        List<String> removedPackages = new ArrayList<>();
        for (ShellCommand command : step.commands()) {
            if (removesPackages(command)) {
                removedPackages.addAll(command.operands());
            }
        }
        int line = step.line();
        for (ShellCommand command : step.commands()) {
            String sub = command.subcommand();
            if (command.runs("apt-get", "apt") && (sub.equals("update") || sub.equals("install"))) {
                addPath(added, step, "/var/lib/apt/lists");
            }
            if (command.runs("apk") && sub.equals("add") && !command.has("--no-cache")) {
                addPath(added, step, "/var/cache/apk");
            }
            if (PipCache.isPipInstall(command) && !command.has("--no-cache-dir")) {
                addPath(added, step, "/root/.cache/pip");
            }
            if (installsPackages(command)) {
                String virtual = command.valueOf("--virtual");
                for (String name : virtual != null ? List.of(virtual) : command.operands()) {
                    if (!name.contains("$") && !removedPackages.contains(name)) {
                        added.add(new Addition(name, true, line, false));
                    }
                }
            }
            String download = downloadTarget(command);
            if (download != null) {
                addPath(added, step, Paths.resolve(step.workdir(), download));
            }
        }
        return added;
    }

    static boolean removesPackages(ShellCommand command) {
        String sub = command.subcommand();
        return command.runs("apk") && sub.equals("del")
                || command.runs("apt-get", "apt") && (sub.equals("purge") || sub.equals("remove"))
                || command.runs("dnf", "yum", "microdnf") && (sub.equals("remove") || sub.equals("erase"));
    }

    /** Whether the RUN removes packages again (apk del, apt-get purge/remove, dnf remove). */
    static boolean removesPackagesIn(Step run) {
        return run.commands().stream().anyMatch(Additions::removesPackages)
                || run.calls(List.of("apt-get", "apt"), List.of("autoremove")).size() > 0;
    }

    private static boolean installsPackages(ShellCommand command) {
        String sub = command.subcommand();
        return command.runs("apk") && sub.equals("add")
                || command.runs("apt-get", "apt", "dnf", "yum", "microdnf") && sub.equals("install");
    }

    private static void addPath(List<Addition> added, Step step, String path) {
        boolean removedHere = step.removes(path)
                || step.commands().stream()
                        .filter(c -> c.runs("rm"))
                        .flatMap(c -> c.words().stream())
                        .filter(w -> !w.startsWith("-") && !w.contains("$"))
                        .map(w -> Paths.resolve(
                                step.workdir(), w.replaceFirst("^~", "/root").replaceAll("/?\\*.*$", "")))
                        .anyMatch(removed -> !removed.equals("/") && Paths.within(path, removed));
        if (!removedHere) {
            added.add(new Addition(path, false, step.line(), false));
        }
    }

    /** The file a {@code curl -o}, {@code wget -O} or {@code wget URL} writes, or {@code null}. */
    private static String downloadTarget(ShellCommand command) {
        if (command.runs("curl")) {
            String output = command.valueOf("-o") != null ? command.valueOf("-o") : command.valueOf("--output");
            return output == null || output.equals("-") || output.startsWith("/dev/") ? null : output;
        }
        if (command.runs("wget")) {
            String output =
                    command.valueOf("-O") != null ? command.valueOf("-O") : command.valueOf("--output-document");
            if (output != null) {
                return output.equals("-") || output.startsWith("/dev/") ? null : output;
            }
            return command.words().stream()
                    .filter(w -> w.matches("https?://\\S+/[^/]+"))
                    .map(w -> w.substring(w.lastIndexOf('/') + 1))
                    .findFirst()
                    .orElse(null);
        }
        if (command.runs("git") && command.subcommand().equals("clone")) {
            List<String> operands = command.operands();
            if (operands.isEmpty()) {
                return null;
            }
            if (operands.size() > 1) {
                return operands.get(1);
            }
            String url = operands.get(0).replaceFirst("\\.git$", "");
            return url.substring(url.lastIndexOf('/') + 1);
        }
        return null;
    }

    private static List<Addition> copied(Step step) {
        Instruction instruction = step.instruction();
        String destination = CopySources.destination(instruction);
        List<String> sources = CopySources.of(instruction);
        if (destination == null || destination.contains("$")) {
            return List.of();
        }
        String target = Paths.resolve(step.workdir(), destination);
        boolean intoDirectory = destination.endsWith("/") || sources.size() > 1;
        List<Addition> added = new ArrayList<>();
        for (String source : sources) {
            boolean archive = instruction.is("ADD")
                    && source.matches(".*\\.(tar|tgz|tar\\.(gz|bz2|xz|zst))$")
                    && !source.contains("://");
            if (source.equals(".") || source.contains("*") || source.contains("$") || archive) {
                continue;
            }
            String name = source.replaceFirst("/+$", "");
            name = name.substring(name.lastIndexOf('/') + 1);
            added.add(new Addition(intoDirectory ? target + "/" + name : target, false, step.line(), true));
        }
        return added;
    }
}
