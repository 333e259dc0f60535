package io.weighbridge.image;

/**
 * What a weighing may use and how long it may take.
 *
 * @param deadline the deadline of the entry point the weighing serves; the answer is due by then,
 *     whatever the registry does
 * @param namespace namespace of the object being judged (whose pull secrets apply), or
 *     {@code null} for a dry run outside any namespace (then no pull secret is read)
 * @param pullSecrets the secrets and service account the pod names; {@link PullSecretRefs#UNNAMED}
 *     (the {@code default} service account) when not given
 * @param pace what the registry requests of the weighing wait for; {@link RequestPace#UNPACED} when not given
 * @param platform the platform the pod pins; {@link PlatformPin#UNPINNED} (the configured platform) when not given
 */
public record WeighingContext(
        Deadline deadline, String namespace, PullSecretRefs pullSecrets, RequestPace pace, PlatformPin platform) {

    public WeighingContext {
        if (deadline == null) {
            throw new IllegalArgumentException("a weighing needs the deadline of its entry point");
        }
        pullSecrets = pullSecrets == null ? PullSecretRefs.UNNAMED : pullSecrets;
        pace = pace == null ? RequestPace.UNPACED : pace;
        platform = platform == null ? PlatformPin.UNPINNED : platform;
    }

    public WeighingContext(Deadline deadline, String namespace, PullSecretRefs pullSecrets, RequestPace pace) {
        this(deadline, namespace, pullSecrets, pace, PlatformPin.UNPINNED);
    }

    /** An unpaced weighing, as admissions and dry runs make. */
    public WeighingContext(Deadline deadline, String namespace, PullSecretRefs pullSecrets) {
        this(deadline, namespace, pullSecrets, RequestPace.UNPACED);
    }

    /** A weighing for bare images: the namespace's {@code default} service account supplies pull secrets. */
    public WeighingContext(Deadline deadline, String namespace) {
        this(deadline, namespace, PullSecretRefs.UNNAMED, RequestPace.UNPACED);
    }
}
