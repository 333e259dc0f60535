package io.weighbridge.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sample manifests under {@code src/test/resources/manifests/}. */
final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private Manifests() {}

    /** The manifest as the JSON tree the apiserver would send; a fresh copy each call. */
    static ObjectNode json(String file) {
        try (InputStream in = open(file)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest read into fabric8's model, as a client would. */
    static KubernetesResource typed(String file) {
        try (InputStream in = open(file)) {
            return KUBERNETES.unmarshal(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = Manifests.class.getResourceAsStream("/manifests/" + file);
        if (in == null) {
            throw new IllegalArgumentException("no manifest " + file);
        }
        return in;
    }
}
