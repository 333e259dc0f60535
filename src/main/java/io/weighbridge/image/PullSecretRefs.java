package io.weighbridge.image;

import java.util.List;
import java.util.Objects;

/**
 * Where a pod's pull secrets are named, as the kubelet reads them: the spec's
 * {@code imagePullSecrets}, then those of its service account. Names only; the secrets are read
 * from the object's namespace when an image is weighed.
 *
 * @param imagePullSecrets secret names from {@code spec.imagePullSecrets}, in order
 * @param serviceAccountName {@code spec.serviceAccountName}, or {@code null} for {@code default}
 */
public record PullSecretRefs(List<String> imagePullSecrets, String serviceAccountName) {
    public static final String DEFAULT_SERVICE_ACCOUNT = "default";

    /** A pod that names no secrets and no service account: the {@code default} account's secrets apply. */
    public static final PullSecretRefs UNNAMED = new PullSecretRefs(List.of(), null);

    public PullSecretRefs {
        imagePullSecrets = imagePullSecrets == null
                ? List.of()
                : imagePullSecrets.stream()
                        .filter(Objects::nonNull)
                        .filter(name -> !name.isBlank())
                        .distinct()
                        .toList();
        serviceAccountName = serviceAccountName == null || serviceAccountName.isBlank() ? null : serviceAccountName;
    }

    /** The service account whose secrets apply: the named one, else {@code default}, as the kubelet does. */
    public String serviceAccount() {
        return serviceAccountName != null ? serviceAccountName : DEFAULT_SERVICE_ACCOUNT;
    }
}
