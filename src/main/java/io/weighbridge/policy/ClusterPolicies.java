package io.weighbridge.policy;

/**
 * What the cluster's resources add to the policy files: {@code ClusterImageSizePolicy} and
 * {@code ImageSizePolicy} resources (the last valid version of each) and {@code ImageSizeException}s.
 * Empty where the CRDs are not installed, and in the CLI.
 */
public interface ClusterPolicies {
    /** The resources' policies in force; the same instance until one changes. */
    PolicySet policies();

    /** Every exception known, expired ones included (the engine checks the clock). */
    Exemptions exemptions();
}
