package io.weighbridge.policy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The policies and exceptions in force: the policy files ({@link PolicyRepository}) and the
 * cluster's resources ({@link ClusterPolicies}) merged. Files come first; a cluster-wide resource
 * named like a file policy is not installed (the file keeps the name, and the resource's status
 * says so); namespaced policies add to both, each in its own namespace.
 *
 * <p>Every admission asks for the set: it is merged again only when one of the sources installed
 * another set.
 */
@ApplicationScoped
public class InstalledPolicies {
    private final PolicyRepository files;
    private final ClusterPolicies cluster;
    private volatile Merged merged = new Merged(null, null, PolicySet.EMPTY);

    private record Merged(PolicySet files, PolicySet resources, PolicySet all) {}

    @Inject
    public InstalledPolicies(PolicyRepository files, ClusterPolicies cluster) {
        this.files = files;
        this.cluster = cluster;
    }

    public PolicySet current() {
        PolicySet fromFiles = files.current();
        PolicySet fromResources = cluster.policies();
        Merged last = merged;
        if (last.files() == fromFiles && last.resources() == fromResources) {
            return last.all();
        }
        Merged now = new Merged(fromFiles, fromResources, merge(fromFiles, fromResources));
        merged = now;
        return now.all();
    }

    public Exemptions exemptions() {
        return cluster.exemptions();
    }

    /** The files' policies, then the resources' that do not take a file policy's name. */
    static PolicySet merge(PolicySet files, PolicySet resources) {
        if (resources.policies().isEmpty()) {
            return files;
        }
        Set<String> taken = new HashSet<>();
        List<Policy> all = new ArrayList<>(files.policies());
        files.policies().forEach(policy -> taken.add(policy.id()));
        for (Policy policy : resources.policies()) {
            if (taken.add(policy.id())) {
                all.add(policy);
            }
        }
        return new PolicySet(all);
    }
}
