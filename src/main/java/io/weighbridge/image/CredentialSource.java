package io.weighbridge.image;

import java.util.Optional;

/**
 * Finds the credential for an image repository. The static auth file is one source; pull
 * secrets of the object's namespace will be another, consulted first.
 */
public interface CredentialSource {

    /**
     * @param registry the registry as users name it ({@code docker.io}, {@code quay.io})
     * @param repository the repository inside it, for sources that scope credentials by path
     */
    Optional<Credential> find(String registry, String repository, WeighingContext context);

    CredentialSource NONE = (registry, repository, context) -> Optional.empty();
}
