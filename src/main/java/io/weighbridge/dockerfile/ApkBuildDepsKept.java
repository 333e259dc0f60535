package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Build packages ({@code gcc}, {@code build-base}, {@code *-dev}) added with apk and not deleted
 * in the same RUN: {@code apk add --virtual .build-deps … && … && apk del .build-deps} keeps
 * them out of every layer.
 */
final class ApkBuildDepsKept extends RunRule {
    static final String ID = "apk-build-deps-kept";

    ApkBuildDepsKept() {
        super(ID);
    }

    @Override
    Optional<LintFinding> findingIn(Step run, LintInput input) {
        List<String> deleted = run.calls(List.of("apk"), List.of("del")).stream()
                .flatMap(c -> c.operands().stream())
                .toList();
        List<String> kept = new ArrayList<>();
        for (ShellCommand add : run.calls(List.of("apk"), List.of("add"))) {
            String virtual = add.valueOf("--virtual") != null ? add.valueOf("--virtual") : add.valueOf("-t");
            if (virtual != null && deleted.contains(virtual)) {
                continue;
            }
            add.operands().stream()
                    .filter(BuildPackages::isBuildPackage)
                    .filter(p -> !deleted.contains(p))
                    .forEach(kept::add);
        }
        if (!kept.isEmpty()) {
            String packages = String.join(" ", kept.stream().distinct().limit(4).toList());
            return finding(
                    run,
                    "build packages " + packages + " stay in the image",
                    "apk add --virtual .build-deps ... && build && apk del .build-deps in the same RUN,"
                            + " or build in an earlier stage");
        }
        return Optional.empty();
    }
}
