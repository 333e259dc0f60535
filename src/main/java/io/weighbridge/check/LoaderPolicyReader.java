package io.weighbridge.check;

import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.policy.PolicyValidationException;
import io.weighbridge.workload.WorkloadKinds;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/** {@link PolicyReader} by the same loader that reads the installed policies. */
@ApplicationScoped
class LoaderPolicyReader implements PolicyReader {
    /** The kinds policies may match: built-in and configured, as for the installed policies. */
    private final WorkloadKinds kinds;

    LoaderPolicyReader(WorkloadKinds kinds) {
        this.kinds = kinds;
    }

    @Override
    public PolicySet parse(String yaml, String sourceName) throws PolicyValidationException {
        return PolicyLoader.parse(yaml, sourceName, kinds);
    }

    @Override
    public PolicySet load(Path fileOrFolder) throws PolicyValidationException {
        return PolicyLoader.load(fileOrFolder, kinds);
    }
}
