package io.weighbridge.policy;

/**
 * One rule that matched one image.
 *
 * @param rule the rule's name
 * @param policy the policy's name
 * @param action the effective action after the policy's enforcement (a dry-run finding is
 *     {@code allow})
 * @param message one line for the user, naming image, measure, limit and a remedy
 * @param dryRun the finding comes from a policy in {@code dryrun} enforcement
 * @param line the Dockerfile line of a Dockerfile finding, {@code null} for an image's
 */
public record Finding(String rule, String policy, Action action, String message, boolean dryRun, Integer line) {
    public Finding(String rule, String policy, Action action, String message, boolean dryRun) {
        this(rule, policy, action, message, dryRun, null);
    }
}
