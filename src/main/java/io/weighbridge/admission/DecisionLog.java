package io.weighbridge.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.weighbridge.logging.AllowSampler;
import io.weighbridge.logging.LogConfig;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.workload.ObjectIdentity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One INFO line per admission decision. Names the object, never prints it: objects carry
 * environment values and annotations that may be secret.
 *
 * <p>Every denial and warning is logged. Allows are logged at most {@code
 * weighbridge.log.allow-decisions-per-second}; the rest are counted, and one line every {@code
 * weighbridge.log.allow-summary-interval} says how many were not logged.
 *
 * <p>The line also carries its fields as MDC keys ({@link #FIELDS}) for the length of the log
 * call, so that a JSON log (see {@code weighbridge.log.json}) holds them as structured values.
 */
@ApplicationScoped
class DecisionLog {

    private static final Logger LOG = Logger.getLogger(DecisionLog.class);

    /** The MDC keys of a decision line. */
    static final List<String> FIELDS = List.of(
            "uid", "kind", "namespace", "name", "operation", "dryRun", "verdict", "rules", "reason", "durationMs");

    private final AllowSampler allows;
    private final Duration summaryInterval;
    private final ScheduledExecutorService summaries;

    @Inject
    DecisionLog(LogConfig config) {
        this(new AllowSampler(config.allowDecisionsPerSecond()), config.allowSummaryInterval());
    }

    DecisionLog(AllowSampler allows, Duration summaryInterval) {
        this.allows = allows;
        this.summaryInterval = summaryInterval;
        this.summaries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weighbridge-decision-log");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, summaryInterval.toMillis());
        summaries.scheduleAtFixedRate(this::summarize, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Says how many allows were not logged since the last summary; nothing when none were left out. */
    void summarize() {
        long notLogged = allows.drainSuppressed();
        if (notLogged > 0) {
            LOG.infof(
                    "%,d allowed admissions not logged in the last %d s (at most %d a second:"
                            + " weighbridge.log.allow-decisions-per-second); every denial and warning is logged",
                    notLogged, summaryInterval.toSeconds(), allows.perSecond());
        }
    }

    @PreDestroy
    void close() {
        summaries.shutdownNow();
        summarize();
    }

    static void malformed(String reason) {
        LOG.warnf("admission rejected: malformed AdmissionReview: %s", reason);
    }

    static void tooLarge(long bytes) {
        LOG.warnf("admission rejected: AdmissionReview of %d bytes is above the limit", bytes);
    }

    void unjudged(ReceivedReview review, String why, long startedNanos) {
        if (allows.admit()) {
            decision(review, "allow", List.of(), why, startedNanos);
        }
    }

    /** @param why what the line says besides the verdict (why the object could not be read), or {@code null} */
    void judged(ReceivedReview review, Evaluation evaluation, String why, long startedNanos) {
        if (evaluation.verdict() != Action.ALLOW || why != null || allows.admit()) {
            decision(review, evaluation.verdict().id(), rulesOf(evaluation), why, startedNanos);
        }
    }

    /** Always logged: allowed only because weighbridge failed. */
    void engineFailed(ReceivedReview review, Throwable failure, long startedNanos) {
        LOG.errorf(failure, "admission uid=%s: the policy engine failed; allowing unjudged", review.uid());
        decision(review, "allow", List.of(), "engine failed", startedNanos);
    }

    /** Always logged: allowed only because the engine overran the deadline. */
    void engineLate(ReceivedReview review, long startedNanos) {
        LOG.warnf(
                "admission uid=%s: the policy engine did not answer by the deadline; allowing unjudged", review.uid());
        decision(review, "allow", List.of(), "engine late", startedNanos);
    }

    /**
     * {@code reason} says why no rule could fire, or why the object could not be read; {@code null} otherwise.
     * Every warning is logged, so under load this runs on most admissions: one builder, no format string.
     */
    private static void decision(
            ReceivedReview review, String verdict, List<String> rules, String reason, long startedNanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        AdmissionRequest request = review.request();
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        String kind = review.kind();
        String[] namespaceAndName = namespaceAndName(review);
        boolean dryRun = Boolean.TRUE.equals(request.getDryRun());
        put("uid", review.uid());
        put("kind", kind);
        put("namespace", namespaceAndName[0]);
        put("name", namespaceAndName[1]);
        put("operation", request.getOperation());
        put("dryRun", String.valueOf(dryRun));
        put("verdict", verdict);
        put("rules", String.join(",", rules));
        put("reason", reason);
        put("durationMs", String.valueOf(durationMs));
        try {
            StringBuilder line = new StringBuilder(160 + 40 * rules.size());
            line.append("admission uid=")
                    .append(review.uid())
                    .append(" kind=")
                    .append(kind)
                    .append(" object=");
            if (namespaceAndName[0] != null) {
                line.append(namespaceAndName[0]).append('/');
            }
            line.append(namespaceAndName[1])
                    .append(" operation=")
                    .append(request.getOperation())
                    .append(" dryRun=")
                    .append(dryRun)
                    .append(" verdict=")
                    .append(verdict)
                    .append(" rules=[");
            for (int i = 0; i < rules.size(); i++) {
                line.append(i == 0 ? "" : ", ").append(rules.get(i));
            }
            line.append(']');
            if (reason != null) {
                line.append(" reason=\"").append(reason).append('"');
            }
            LOG.info(line.append(" durationMs=").append(durationMs).toString());
        } finally {
            for (int i = 0; i < FIELDS.size(); i++) {
                MDC.remove(FIELDS.get(i));
            }
        }
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    /** {@code policy/rule:action} for every finding, once each, dry-run ones included: their logs are their output. */
    private static List<String> rulesOf(Evaluation evaluation) {
        Set<String> rules = new LinkedHashSet<>();
        for (ImageVerdict image : evaluation.images()) {
            addRules(image.findings(), rules);
        }
        addRules(evaluation.dockerfileFindings(), rules);
        return new ArrayList<>(rules);
    }

    private static void addRules(List<Finding> findings, Set<String> rules) {
        for (Finding finding : findings) {
            rules.add(finding.policy() + "/" + finding.rule() + ":" + finding.outcome());
        }
    }

    /** {namespace or null, name}. */
    private static String[] namespaceAndName(ReceivedReview review) {
        AdmissionRequest request = review.request();
        ObjectIdentity object = review.subject();
        String name = request.getName();
        if ((name == null || name.isBlank()) && object != null) {
            name = object.name() != null ? object.name() : object.generateName() + "*";
        }
        String namespace = request.getNamespace();
        return new String[] {namespace == null || namespace.isBlank() ? null : namespace, String.valueOf(name)};
    }
}
