package io.weighbridge.policy;

/**
 * One rule that matched one image.
 *
 * @param rule the rule's name
 * @param policy the policy's id: its name, or {@code namespace/name} for a namespaced policy
 * @param action the effective action after the policy's enforcement (a dry-run finding is
 *     {@code allow}) and any exception (a lifted finding is {@code warn})
 * @param message one line for the user, naming image, measure, limit and a remedy
 * @param dryRun the finding comes from a policy in {@code dryrun} enforcement
 * @param line the Dockerfile line of a Dockerfile finding, {@code null} for an image's
 * @param liftedBy the {@code namespace/name} of the exception that lifted it, or {@code null}
 */
public record Finding(
        String rule, String policy, Action action, String message, boolean dryRun, Integer line, String liftedBy) {
    public Finding(String rule, String policy, Action action, String message, boolean dryRun) {
        this(rule, policy, action, message, dryRun, null, null);
    }

    public Finding(String rule, String policy, Action action, String message, boolean dryRun, Integer line) {
        this(rule, policy, action, message, dryRun, line, null);
    }

    public Finding(String rule, String policy, Action action, String message, boolean dryRun, String liftedBy) {
        this(rule, policy, action, message, dryRun, null, liftedBy);
    }

    public boolean lifted() {
        return liftedBy != null;
    }

    /**
     * What became of the finding, as logs and metrics label it: {@code dryrun} for a dry-run
     * policy's, {@code lifted} for one an exception lifted, else its action ({@code deny}, {@code warn}).
     */
    public String outcome() {
        return dryRun ? "dryrun" : lifted() ? "lifted" : action.id();
    }
}
