package io.weighbridge.workload;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The kind table (built-in and configured kinds) and its reader, for injection. */
@jakarta.enterprise.context.Dependent
final class WorkloadBeans {

    /** @throws IllegalArgumentException at startup, naming every wrong {@code weighbridge.workloads.custom} property */
    @Produces
    @Singleton
    WorkloadKinds kinds(WorkloadsConfig config) {
        return WorkloadKinds.from(config);
    }

    @Produces
    @Singleton
    WorkloadReader reader(WorkloadKinds kinds) {
        return new WorkloadReader(kinds);
    }
}
