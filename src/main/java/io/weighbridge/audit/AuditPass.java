package io.weighbridge.audit;

import java.util.List;

/**
 * One audit of the cluster: the report ({@code GET /api/v1/audit}, {@code audit -o json}) and the
 * verdict of every image of every workload behind it (what the PolicyReports are written from).
 */
public record AuditPass(AuditReport report, List<WorkloadVerdict> verdicts) {
    public AuditPass {
        verdicts = List.copyOf(verdicts);
    }

    AuditPass auditedBy(String replica) {
        return new AuditPass(report.auditedBy(replica), verdicts);
    }
}
