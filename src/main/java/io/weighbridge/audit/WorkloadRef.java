package io.weighbridge.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Comparator;

/** A workload as an admin names it: {@code Deployment/shop/storefront}. */
@JsonPropertyOrder({"kind", "namespace", "name"})
public record WorkloadRef(String kind, String namespace, String name) implements Comparable<WorkloadRef> {
    private static final Comparator<WorkloadRef> ORDER = Comparator.comparing(WorkloadRef::namespace)
            .thenComparing(WorkloadRef::kind)
            .thenComparing(WorkloadRef::name);

    @Override
    public int compareTo(WorkloadRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return kind + "/" + namespace + "/" + name;
    }
}
