package io.weighbridge.build;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.Build;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The Builds of {@code src/test/resources/builds/}, read with fabric8's typed model. */
final class BuildFiles {
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private BuildFiles() {}

    static Build read(String file) {
        try (InputStream in = BuildFiles.class.getResourceAsStream("/builds/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource builds/" + file);
            }
            return KUBERNETES.unmarshal(in, Build.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
