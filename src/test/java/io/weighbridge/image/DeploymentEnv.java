package io.weighbridge.image;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The literal environment variables of the webhook container of a Deployment manifest. */
final class DeploymentEnv {
    private DeploymentEnv() {}

    static Map<String, String> read(Path manifest) throws IOException {
        Deployment deployment;
        try (InputStream in = Files.newInputStream(manifest)) {
            deployment = Serialization.unmarshal(in, Deployment.class);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()) {
            if (variable.getValue() != null) {
                env.put(variable.getName(), variable.getValue());
            }
        }
        return env;
    }
}
