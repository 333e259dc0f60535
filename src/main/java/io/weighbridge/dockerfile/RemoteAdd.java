package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ADD https://…}: the download is a layer of its own, and anything unpacked or deleted
 * afterwards cannot shrink it.
 */
final class RemoteAdd implements LintRule {
    static final String ID = "remote-add";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<LintFinding> check(LintInput input) {
        List<LintFinding> findings = new ArrayList<>();
        for (Step step : input.shippedSteps()) {
            if (step.instruction().is("ADD")
                    && CopySources.of(step.instruction()).stream().anyMatch(RemoteAdd::isRemote)) {
                findings.add(new LintFinding(
                        ID,
                        step.line(),
                        "ADD of a remote URL keeps the download in its own layer",
                        "RUN curl -fsSL URL | tar -xz (or download, unpack and delete) in one RUN,"
                                + " or fetch it in a build stage"));
            }
        }
        return findings;
    }

    private static boolean isRemote(String source) {
        return source.startsWith("http://")
                || source.startsWith("https://")
                || source.startsWith("git@")
                || source.endsWith(".git");
    }
}
