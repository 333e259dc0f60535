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

/**
 * Turns the verdicts per image and context into the report: images largest first, violations counted
 * per workload. An image is judged once per context; the exceptions that name workloads are applied
 * per workload here ({@link Lifting}), so each workload is reported as its own admission would be.
 */
final class ReportAssembler {

    private static final Comparator<AuditImage> LARGEST_FIRST = Comparator.comparing(
                    AuditImage::sizeBytes, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(AuditImage::image);

    private static final Comparator<ImageWorkload> WORKLOAD_ORDER = Comparator.comparing(ImageWorkload::namespace)
            .thenComparing(ImageWorkload::kind)
            .thenComparing(ImageWorkload::name)
            .thenComparing(ImageWorkload::container);

    /** The verdict of an image for one workload, once the exceptions for it are applied. */
    @FunctionalInterface
    interface Lifting {
        ImageVerdict forWorkload(ImageVerdict verdict, WorkloadRef workload);

        Lifting NONE = (verdict, workload) -> verdict;
    }

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

    /** One use of an image in a context, with its verdict for the workload. */
    private record JudgedUse(Context context, Use use, ImageVerdict verdict) {}

    private final Map<String, List<JudgedUse>> judged = new LinkedHashMap<>();
    private final Map<WorkloadRef, ClusterObject> objects;

    /**
     * @param objects the listed objects by reference: the workloads' apiVersion and uid come from them
     */
    ReportAssembler(
            ImageUses uses,
            Map<String, Map<Context, ImageVerdict>> verdicts,
            Map<WorkloadRef, ClusterObject> objects,
            Lifting lifting) {
        this.objects = objects;
        verdicts.forEach((image, byContext) -> {
            List<JudgedUse> all = new ArrayList<>();
            uses.of(image).forEach((context, users) -> {
                ImageVerdict shared = byContext.get(context);
                for (Use use : users) {
                    all.add(new JudgedUse(context, use, lifting.forWorkload(shared, use.workload())));
                }
            });
            judged.put(image, all);
        });
    }

    ReportAssembler(ImageUses uses, Map<String, Map<Context, ImageVerdict>> verdicts) {
        this(uses, verdicts, Map.of(), Lifting.NONE);
    }

    AuditReport report(String namespace, int workloads, List<String> notes, Instant finished) {
        List<AuditImage> images = new ArrayList<>();
        judged.forEach((image, all) -> images.add(image(image, all)));
        images.sort(LARGEST_FIRST);
        Action verdict = images.stream().map(AuditImage::verdict).reduce(Action.ALLOW, Action::strongest);
        String at = finished.truncatedTo(ChronoUnit.SECONDS).toString();
        return new AuditReport(at, namespace, null, verdict, workloads, images, violations(), notes);
    }

    /** Every workload's verdict on every image it runs, in the order the images were found. */
    List<WorkloadVerdict> workloadVerdicts() {
        List<WorkloadVerdict> verdicts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        judged.forEach((image, all) -> {
            for (JudgedUse judgedUse : all) {
                WorkloadRef workload = judgedUse.use().workload();
                // A workload's container may come in twice (its template and a Pod naming other pull secrets): once.
                if (seen.add(workload + "\u0000" + judgedUse.use().container() + "\u0000" + image)) {
                    ClusterObject object = objects.get(workload);
                    verdicts.add(new WorkloadVerdict(
                            workload,
                            object == null ? null : object.apiVersion(),
                            object == null ? null : object.uid(),
                            judgedUse.use().container(),
                            judgedUse.verdict()));
                }
            }
        });
        return verdicts;
    }

    private AuditImage image(String image, List<JudgedUse> all) {
        ImageVerdict weighed = all.stream()
                .map(JudgedUse::verdict)
                .filter(v -> v.weight() != null)
                .findFirst()
                .orElse(null);
        String error = weighed != null
                ? null
                : all.stream()
                        .map(j -> j.verdict().whyNotWeighed())
                        .filter(e -> e != null)
                        .findFirst()
                        .orElse(null);
        Action verdict = all.stream().map(j -> j.verdict().verdict()).reduce(Action.ALLOW, Action::strongest);
        Set<String> namespaces = new TreeSet<>();
        // A workload's container may come in twice (its template and a Pod naming other pull secrets): listed once.
        Map<ImageWorkload, String> errors = new TreeMap<>(WORKLOAD_ORDER);
        for (JudgedUse judgedUse : all) {
            namespaces.add(judgedUse.context().namespace());
            String notWeighed = judgedUse.verdict().whyNotWeighed();
            Use use = judgedUse.use();
            ImageWorkload user = new ImageWorkload(
                    use.workload().kind(),
                    use.workload().namespace(),
                    use.workload().name(),
                    use.container());
            if (errors.get(user) == null) {
                errors.put(user, notWeighed);
            }
        }
        List<ImageWorkload> workloads = new ArrayList<>();
        errors.forEach((user, notWeighed) -> workloads.add(
                new ImageWorkload(user.kind(), user.namespace(), user.name(), user.container(), notWeighed)));
        return new AuditImage(
                image,
                weighed == null ? null : weighed.weight().digest().toString(),
                weighed == null ? null : weighed.weight().sizeBytes(),
                verdict,
                error,
                findings(all),
                List.copyOf(namespaces),
                workloads);
    }

    private static List<AuditFinding> findings(List<JudgedUse> all) {
        Map<FindingKey, String> messages = new LinkedHashMap<>();
        Map<FindingKey, Set<String>> namespaces = new LinkedHashMap<>();
        for (JudgedUse judgedUse : all) {
            judgedUse.verdict().findings().forEach(finding -> {
                FindingKey key = new FindingKey(finding.policy(), finding.rule(), finding.action(), finding.dryRun());
                messages.putIfAbsent(key, finding.message());
                namespaces
                        .computeIfAbsent(key, k -> new TreeSet<>())
                        .add(judgedUse.context().namespace());
            });
        }
        List<AuditFinding> findings = new ArrayList<>();
        messages.forEach((key, message) -> findings.add(new AuditFinding(
                key.rule(), key.policy(), key.action(), key.dryRun(), message, List.copyOf(namespaces.get(key)))));
        return findings;
    }

    private List<Violation> violations() {
        Map<ViolationKey, Set<WorkloadRef>> violating = new TreeMap<>();
        judged.values()
                .forEach(all -> all.forEach(judgedUse -> {
                    for (Finding finding : judgedUse.verdict().findings()) {
                        String action = actionLabel(finding);
                        if (action == null) {
                            continue;
                        }
                        ViolationKey key = new ViolationKey(
                                judgedUse.context().namespace(), finding.policy(), finding.rule(), action);
                        violating
                                .computeIfAbsent(key, k -> new HashSet<>())
                                .add(judgedUse.use().workload());
                    }
                }));
        List<Violation> violations = new ArrayList<>();
        violating.forEach((key, workloads) -> violations.add(
                new Violation(key.namespace(), key.policy(), key.rule(), key.action(), workloads.size())));
        return violations;
    }

    /** {@code deny}, {@code warn}, {@code dryrun}, {@code lifted}, or {@code null} for a finding that is no violation. */
    static String actionLabel(Finding finding) {
        return finding.action() == Action.ALLOW && !finding.dryRun() ? null : finding.outcome();
    }
}
