package io.weighbridge.build;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Image;
import io.fabric8.openshift.api.model.ImageStreamImage;
import io.fabric8.openshift.api.model.ImageStreamTag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

/** {@link ImageStreams} through the OpenShift API ({@code image.openshift.io/v1}), with fabric8's typed models. */
@ApplicationScoped
public class ClusterImageStreams implements ImageStreams {
    private final Instance<KubernetesClient> client;

    ClusterImageStreams(Instance<KubernetesClient> client) {
        this.client = client;
    }

    @Override
    public Optional<String> dockerImageReference(String namespace, String kind, String name) {
        return lookUp(client.get(), namespace, kind, name);
    }

    static Optional<String> lookUp(KubernetesClient client, String namespace, String kind, String name) {
        Image image;
        if ("ImageStreamImage".equals(kind)) {
            ImageStreamImage found = client.resources(ImageStreamImage.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            image = found == null ? null : found.getImage();
        } else {
            ImageStreamTag found = client.resources(ImageStreamTag.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            image = found == null ? null : found.getImage();
        }
        return Optional.ofNullable(image).map(Image::getDockerImageReference).filter(ref -> !ref.isBlank());
    }
}
