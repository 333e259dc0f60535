package io.weighbridge.audit;

import io.weighbridge.audit.AuditReport.AuditFinding;
import io.weighbridge.audit.AuditReport.AuditImage;
import io.weighbridge.audit.AuditReport.ImageWorkload;
import io.weighbridge.audit.AuditReport.Violation;
import io.weighbridge.audit.ImageUses.Context;
import io.weighbridge.audit.ImageUses.Use;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns the verdicts per image and context into the report: images largest first, violations counted per workload. */
final class ReportAssembler {
    static final String DRY_RUN_ACTION = "dryrun";

    private static final Comparator<AuditImage> LARGEST_FIRST = Comparator
            .comparing(AuditImage::sizeBytes, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(AuditImage::image);

    private static final Comparator<ImageWorkload> WORKLOAD_ORDER = Comparator.comparing(ImageWorkload::namespace)
            .thenComparing(ImageWorkload::kind).thenComparing(ImageWorkload::name).thenComparing(ImageWorkload::container);

    private record FindingKey(String policy, String rule, Action action, boolean dryRun) {}

    private record ViolationKey(String namespace, String policy, String rule, String action)
            implements Comparable<ViolationKey> {
        private static final Comparator<ViolationKey> ORDER = Comparator.comparing(ViolationKey::namespace)
                .thenComparing(ViolationKey::policy)
                .thenComparing(ViolationKey::rule)
                .thenComparing(ViolationKey::action);

        @Override
        public int compareTo(ViolationKey other) {
            return ORDER.compare(this, other);
        }
    }

    private final ImageUses uses;
    private final Map<String, Map<Context, ImageVerdict>> verdicts;

    ReportAssembler(ImageUses uses, Map<String, Map<Context, ImageVerdict>> verdicts) {
        this.uses = uses;
        this.verdicts = verdicts;
    }

    AuditReport report(String namespace, int workloads, List<String> notes, Instant finished) {
        List<AuditImage> images = new ArrayList<>();
        verdicts.forEach((image, byContext) -> images.add(image(image, byContext)));
        images.sort(LARGEST_FIRST);
        Action verdict = images.stream().map(AuditImage::verdict).reduce(Action.ALLOW, Action::strongest);
        String at = finished.truncatedTo(ChronoUnit.SECONDS).toString();
        return new AuditReport(at, namespace, null, verdict, workloads, images, violations(), notes);
    }

    private AuditImage image(String image, Map<Context, ImageVerdict> byContext) {
        ImageVerdict weighed = byContext.values().stream().filter(v -> v.weight() != null).findFirst().orElse(null);
        String error = weighed != null ? null
                : byContext.values().stream().map(ImageVerdict::whyNotWeighed).filter(e -> e != null).findFirst().orElse(null);
        Action verdict = byContext.values().stream().map(ImageVerdict::verdict).reduce(Action.ALLOW, Action::strongest);
        Set<String> namespaces = new TreeSet<>();
        // A workload's container may come in twice (its template and a Pod naming other pull secrets): listed once.
        Map<ImageWorkload, String> errors = new TreeMap<>(WORKLOAD_ORDER);
        uses.of(image).forEach((context, users) -> {
            namespaces.add(context.namespace());
            ImageVerdict inContext = byContext.get(context);
            String notWeighed = inContext.whyNotWeighed();
            for (Use use : users) {
                ImageWorkload user = new ImageWorkload(
                        use.workload().kind(), use.workload().namespace(), use.workload().name(), use.container());
                if (errors.get(user) == null) {
                    errors.put(user, notWeighed);
                }
            }
        });
        List<ImageWorkload> workloads = new ArrayList<>();
        errors.forEach((user, notWeighed) -> workloads.add(
                new ImageWorkload(user.kind(), user.namespace(), user.name(), user.container(), notWeighed)));
        return new AuditImage(image,
                weighed == null ? null : weighed.weight().digest(),
                weighed == null ? null : weighed.weight().sizeBytes(),
                verdict, error, findings(byContext), List.copyOf(namespaces), workloads);
    }

    private static List<AuditFinding> findings(Map<Context, ImageVerdict> byContext) {
        Map<FindingKey, String> messages = new LinkedHashMap<>();
        Map<FindingKey, Set<String>> namespaces = new LinkedHashMap<>();
        byContext.forEach((context, verdict) -> verdict.findings().forEach(finding -> {
            FindingKey key = new FindingKey(finding.policy(), finding.rule(), finding.action(), finding.dryRun());
            messages.putIfAbsent(key, finding.message());
            namespaces.computeIfAbsent(key, k -> new TreeSet<>()).add(context.namespace());
        }));
        List<AuditFinding> findings = new ArrayList<>();
        messages.forEach((key, message) -> findings.add(new AuditFinding(
                key.rule(), key.policy(), key.action(), key.dryRun(), message, List.copyOf(namespaces.get(key)))));
        return findings;
    }

    private List<Violation> violations() {
        Map<ViolationKey, Set<WorkloadRef>> violating = new TreeMap<>();
        verdicts.forEach((image, byContext) -> byContext.forEach((context, verdict) -> {
            for (Finding finding : verdict.findings()) {
                String action = actionLabel(finding);
                if (action == null) {
                    continue;
                }
                ViolationKey key = new ViolationKey(context.namespace(), finding.policy(), finding.rule(), action);
                Set<WorkloadRef> workloads = violating.computeIfAbsent(key, k -> new HashSet<>());
                uses.of(image).get(context).stream().map(Use::workload).forEach(workloads::add);
            }
        }));
        List<Violation> violations = new ArrayList<>();
        violating.forEach((key, workloads) -> violations.add(
                new Violation(key.namespace(), key.policy(), key.rule(), key.action(), workloads.size())));
        return violations;
    }

    /** {@code deny}, {@code warn}, {@code dryrun}, or {@code null} for a finding that is no violation. */
    static String actionLabel(Finding finding) {
        if (finding.dryRun()) {
            return DRY_RUN_ACTION;
        }
        return finding.action() == Action.ALLOW ? null : finding.action().id();
    }
}
