package io.weighbridge.image;

import java.util.List;
import java.util.Optional;

/** Several credential sources in order: the first that has a credential for the repository gives it. */
record CredentialChain(List<CredentialSource> sources) implements CredentialSource {

    CredentialChain {
        sources = List.copyOf(sources);
    }

    @Override
    public Optional<Credential> find(String registry, String repository, WeighingContext context) {
        for (CredentialSource source : sources) {
            Optional<Credential> found = source.find(registry, repository, context);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
