package io.weighbridge.build;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.BuildSpec;
import io.fabric8.openshift.api.model.BuildStatus;
import io.weighbridge.image.Digest;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.PullSecretRefs;
import java.util.List;
import java.util.Optional;

/**
 * The image a completed Build pushed, and the credentials to read it with.
 *
 * @param namespace the Build's namespace
 * @param build the Build's name
 * @param buildConfig the BuildConfig it ran from, or {@code null} for a Build created on its own
 * @param image {@code registry/repository@digest}: the output's pull spec pinned to the pushed digest
 * @param pullSecrets the Build's push secret, else the secrets of its service account ({@code builder}
 *     unless the Build names another): whatever pushed to the integrated registry can read from it
 */
public record OutputImage(
        String namespace, String build, String buildConfig, ImageReference image, PullSecretRefs pullSecrets) {
    /** The service account OpenShift runs builds as unless {@code spec.serviceAccount} names another. */
    public static final String BUILDER_SERVICE_ACCOUNT = "builder";

    static final String BUILD_CONFIG_KEY = "openshift.io/build-config.name";

    /**
     * The output of a Build, when it reports one: {@code status.output.to.imageDigest} and a pull
     * spec ({@code status.outputDockerImageReference}, else a {@code DockerImage} {@code spec.output.to}).
     * Empty for a Build that pushed nothing.
     *
     * @throws IllegalArgumentException when the pull spec or the digest is malformed
     */
    public static Optional<OutputImage> of(Build build) {
        BuildStatus status = build.getStatus();
        String digest = status == null
                        || status.getOutput() == null
                        || status.getOutput().getTo() == null
                ? null
                : status.getOutput().getTo().getImageDigest();
        String pullSpec = pullSpec(build);
        if (blank(digest) || blank(pullSpec)) {
            return Optional.empty();
        }
        ImageReference named = ImageReference.parse(pullSpec);
        ImageReference pinned = new ImageReference(
                named.registry(), named.repository(), null, Digest.parse(digest).toString());
        ObjectMeta meta = build.getMetadata();
        return Optional.of(
                new OutputImage(meta.getNamespace(), meta.getName(), buildConfig(build), pinned, pullSecrets(build)));
    }

    private static String pullSpec(Build build) {
        BuildStatus status = build.getStatus();
        if (status != null && !blank(status.getOutputDockerImageReference())) {
            return status.getOutputDockerImageReference();
        }
        BuildSpec spec = build.getSpec();
        ObjectReference to = spec == null || spec.getOutput() == null
                ? null
                : spec.getOutput().getTo();
        return to != null && "DockerImage".equals(to.getKind()) ? to.getName() : null;
    }

    private static String buildConfig(Build build) {
        BuildStatus status = build.getStatus();
        if (status != null
                && status.getConfig() != null
                && !blank(status.getConfig().getName())) {
            return status.getConfig().getName();
        }
        ObjectMeta meta = build.getMetadata();
        return Optional.ofNullable(meta.getLabels())
                .map(labels -> labels.get(BUILD_CONFIG_KEY))
                .or(() -> Optional.ofNullable(meta.getAnnotations())
                        .map(annotations -> annotations.get(BUILD_CONFIG_KEY)))
                .filter(name -> !name.isBlank())
                .orElse(null);
    }

    private static PullSecretRefs pullSecrets(Build build) {
        BuildSpec spec = build.getSpec();
        LocalObjectReference pushSecret = spec == null || spec.getOutput() == null
                ? null
                : spec.getOutput().getPushSecret();
        List<String> secrets =
                pushSecret == null || blank(pushSecret.getName()) ? List.of() : List.of(pushSecret.getName());
        String account =
                spec == null || blank(spec.getServiceAccount()) ? BUILDER_SERVICE_ACCOUNT : spec.getServiceAccount();
        return new PullSecretRefs(secrets, account);
    }

    /** {@code namespace/build}, for log lines. */
    public String buildName() {
        return namespace + "/" + build;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
