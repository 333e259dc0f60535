package io.weighbridge.deploy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.weighbridge.workload.WorkloadKinds;
import io.weighbridge.workload.WorkloadsConfig;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kinds a rendered install makes the webhook judge: the built-in ones and the custom kinds its
 * Deployment's environment configures, bound by SmallRye Config from the environment variables as
 * the running webhook binds them. Webhook rules and RBAC are checked against these, so the
 * environment, the rules and the ClusterRole of an install can never disagree.
 */
final class DeployedKinds {
    private DeployedKinds() {}

    static WorkloadKinds of(Rendered r) {
        Map<String, String> environment = InstallGuarantees.webhookContainer(r).getEnv().stream()
                .filter(env -> env.getName().startsWith("WEIGHBRIDGE_WORKLOADS_") && env.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(WorkloadsConfig.class)
                .withSources(new EnvConfigSource(environment, 300))
                .build();
        return WorkloadKinds.from(config.getConfigMapping(WorkloadsConfig.class));
    }
}
