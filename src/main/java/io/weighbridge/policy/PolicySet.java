package io.weighbridge.policy;

import java.util.List;

/** The policies in force (or to try), in load order. */
public record PolicySet(List<Policy> policies) {
    public static final PolicySet EMPTY = new PolicySet(List.of());

    public PolicySet {
        policies = List.copyOf(policies);
    }

    /** The same policies, every one in the given enforcement. */
    public PolicySet withEnforcement(Enforcement enforcement) {
        return new PolicySet(policies.stream()
                .map(policy -> policy.withEnforcement(enforcement))
                .toList());
    }
}
