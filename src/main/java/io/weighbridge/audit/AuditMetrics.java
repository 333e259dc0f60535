package io.weighbridge.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.weighbridge.metrics.MetricNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * {@code weighbridge_audit_violations{namespace,policy,rule,action}}: workloads per namespace that a
 * rule finds fault with, as of the last audit pass. Series that the last pass no longer found are
 * removed, and all are removed when this replica stops being the audit leader. Namespaces are
 * bounded by the cluster's, policies and rules by the installed files: no image names.
 */
@ApplicationScoped
public class AuditMetrics {
    private final MultiGauge violations;

    AuditMetrics(MeterRegistry registry) {
        this.violations = MultiGauge.builder(MetricNames.AUDIT_VIOLATIONS)
                .description("Workloads running in the cluster that an audited policy rule finds fault with")
                .register(registry);
    }

    void record(AuditReport report) {
        List<MultiGauge.Row<?>> rows = report.violations().stream()
                .map(v -> MultiGauge.Row.of(
                        Tags.of(
                                "namespace",
                                v.namespace(),
                                "policy",
                                v.policy(),
                                "rule",
                                v.rule(),
                                "action",
                                v.action()),
                        v.workloads()))
                .<MultiGauge.Row<?>>map(row -> row)
                .toList();
        violations.register(rows, true);
    }

    void clear() {
        violations.register(List.of(), true);
    }
}
