package io.weighbridge.check;

/** Where a checked object runs: its own namespace, else the one given, as kubectl decides. */
public final class Namespaces {
    private Namespaces() {}

    /**
     * @param given the namespace asked for ({@code --namespace}, the body's field), or {@code null}
     * @throws InvalidCheckRequestException when the object says another namespace than the one given
     */
    public static Workload reconcile(Workload workload, String given) {
        if (given != null && workload.namespace() != null && !given.equals(workload.namespace())) {
            throw new InvalidCheckRequestException("namespace " + given + " was given but " + workload.displayName()
                    + " is in namespace " + workload.namespace());
        }
        return workload.inNamespace(given);
    }
}
