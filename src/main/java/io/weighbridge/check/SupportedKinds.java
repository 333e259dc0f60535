package io.weighbridge.check;

import java.util.List;

/** The kinds whose images the webhook judges, for messages about the ones it does not. */
final class SupportedKinds {
    // Mirrors admission.WorkloadImages, which decides; kept here only to tell users.
    static final List<String> NAMES = List.of(
            "Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob",
            "ReplicationController", "DeploymentConfig", "BuildConfig");

    private SupportedKinds() {}

    static String sentence() {
        return "supported kinds are " + String.join(", ", NAMES);
    }
}
