package io.weighbridge.workload;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.openshift.api.model.BuildConfig;
import io.weighbridge.image.PlatformPin;
import io.weighbridge.image.PullSecretRefs;
import java.util.List;

/** What reading one object found: a kind that is not judged, an object of a judged kind, or one that cannot be read. */
public sealed interface WorkloadRead {

    /** Its kind, namespace and name, as far as the object says. */
    ObjectIdentity identity();

    /** An object of a kind weighbridge does not judge (a ConfigMap, a Service…). */
    record NotJudged(ObjectIdentity identity) implements WorkloadRead {}

    /**
     * An object of a judged kind whose pod spec (or build) cannot be read: never allowed silently,
     * each policy's {@code onRegistryError} decides, with {@link #sentence()} as the reason.
     *
     * @param problem where and what, such as {@code spec.template.spec.containers is a string, not a list}
     */
    record Unreadable(ObjectIdentity identity, WorkloadKind kind, String problem) implements WorkloadRead {
        /** {@code weighbridge cannot read this CronJob: …}. */
        public String sentence() {
            return "weighbridge cannot read this " + identity.kindName() + ": " + problem;
        }
    }

    /**
     * An object of a judged kind, read.
     *
     * @param podSpec its pod spec, or {@code null} when it has none (a BuildConfig, or a template
     *     not written yet)
     * @param build the BuildConfig, whose bases are judged; {@code null} for every other kind
     */
    record Judged(ObjectIdentity identity, WorkloadKind kind, PodSpec podSpec, BuildConfig build)
            implements WorkloadRead {

        /** The images of its containers, init and ephemeral ones included; a BuildConfig's bases are not among them. */
        public List<ContainerImage> images() {
            return podSpec == null ? List.of() : PodSpecs.images(podSpec);
        }

        /** The pull secrets and service account its pod spec names. */
        public PullSecretRefs pullSecrets() {
            return podSpec == null ? PullSecretRefs.UNNAMED : PodSpecs.pullSecrets(podSpec);
        }

        /** The platform its pod spec pins its pods to ({@link PlatformPins}), or {@link PlatformPin#UNPINNED}. */
        public PlatformPin platform() {
            return podSpec == null ? PlatformPin.UNPINNED : PlatformPins.of(podSpec);
        }
    }
}
