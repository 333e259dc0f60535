package io.weighbridge.policy;

/**
 * A rule of a policy.
 *
 * @param policy the policy's id ({@code name}, or {@code namespace/name} for a namespaced policy)
 * @param rule the rule's name
 */
public record RuleRef(String policy, String rule) {}
