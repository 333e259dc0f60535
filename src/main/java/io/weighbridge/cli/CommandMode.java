package io.weighbridge.cli;

import java.util.Map;

/**
 * Settings for running a command rather than the webhook. They must be system properties set
 * before Quarkus starts: by the time a command runs, the HTTP server and logging are set up.
 */
final class CommandMode {
    static final Map<String, String> PROPERTIES = Map.ofEntries(
            // No listening port: a command must not collide with a running webhook. The management
            // interface is built in and cannot be switched off at run time: any free loopback port.
            Map.entry("quarkus.http.host-enabled", "false"),
            Map.entry("quarkus.management.port", "0"),
            Map.entry("quarkus.management.host", "127.0.0.1"),
            Map.entry("quarkus.log.level", "WARN"),
            Map.entry("quarkus.log.console.level", "WARN"),
            // stdout carries the report (and -o json must stay parseable): logs go to stderr.
            Map.entry("quarkus.log.console.stderr", "true"),
            Map.entry("quarkus.banner.enabled", "false"),
            Map.entry("weighbridge.policy.watch", "false"),
            // The installed policies are loaded at start for the webhook; a command reads the ones it
            // judges by itself and says in one line what is wrong with them (PoliciesInForce).
            Map.entry("quarkus.log.category.\"io.weighbridge.policy.PolicyRepository\".level", "OFF"),
            // A command audits only when asked (audit), never in the background, and elects no leader;
            // nor does it watch builds, even where the pod's environment turns the watch on.
            Map.entry("weighbridge.audit.enabled", "false"),
            Map.entry("weighbridge.builds.watch-enabled", "false"),
            // Commands judge by the files (--policy or the installed path), never by a cluster's resources.
            Map.entry("weighbridge.resources.enabled", "false"));

    private CommandMode() {}

    /** Sets each property unless the user set it already ({@code -Dquarkus.log.level=DEBUG}). */
    static void quietenBeforeStart() {
        PROPERTIES.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }
}
