package io.weighbridge.policy;

/**
 * What a rule's action becomes once the policy's enforcement and the image's history are
 * applied, and the note that tells the user why it differs.
 */
record Outcome(Action action, boolean dryRun, String note) {

    static Outcome of(Action ruleAction, Enforcement enforcement, boolean preexisting) {
        if (enforcement == Enforcement.DRYRUN) {
            return new Outcome(Action.ALLOW, true, "(dry run: would " + ruleAction.id() + ")");
        }
        if (ruleAction == Action.DENY && enforcement == Enforcement.WARN) {
            return new Outcome(Action.WARN, false, "(would be denied; the policy only warns for now)");
        }
        if (ruleAction == Action.DENY && preexisting) {
            return new Outcome(Action.WARN, false, "(not denied: the image was already in use before this update)");
        }
        return new Outcome(ruleAction, false, "");
    }
}
