package io.weighbridge.workload;

/**
 * A judged object or one of the workloads that own it, by kind and name, as exceptions name them.
 *
 * @param kind {@code Deployment}, {@code Pod}…
 * @param name its name; for an object not yet named (a Pod a ReplicaSet is creating), its
 *     {@code generateName}
 */
public record WorkloadName(String kind, String name) {
    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
