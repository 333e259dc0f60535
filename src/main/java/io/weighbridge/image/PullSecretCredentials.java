package io.weighbridge.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The credentials a weighing may use, in the kubelet's order: the pod's {@code imagePullSecrets},
 * or, when the pod names none, those of its service account ({@code default} when unnamed), each
 * read by name from the object's namespace; then the static auth file.
 *
 * <p>Why "or" and not "and": the kubelet pulls with the pod's {@code imagePullSecrets} only. The
 * API server's ServiceAccount admission plugin copies the account's secrets into a Pod that names
 * none, and only then; pods created later from a controller's template get the same treatment.
 * So a template naming its own secrets never pulls with the account's, and neither do we. Without a namespace (a dry run outside one) or
 * without a Kubernetes API to ask, only the auth file.
 *
 * <p>Reading secrets may take at most half of what is left before the deadline, so the registry
 * still has time, and waits only for an object never read before (cached ones are served at once
 * and refreshed in the background), and only once: an object whose first read was given up on
 * reads as absent for everyone until its answer comes; what is not read by then is left out (and logged at debug), and the weighing goes
 * on with what was read, as the kubelet goes on without a missing secret.
 */
final class PullSecretCredentials {
    private static final Logger LOG = Logger.getLogger(PullSecretCredentials.class);

    /** Known once the Kubernetes client is built (beside the start, before the pod is ready). */
    private final CompletableFuture<Optional<PullSecretStore>> store;

    private final CredentialSource authFile;

    PullSecretCredentials(Optional<PullSecretStore> store, CredentialSource authFile) {
        this(CompletableFuture.completedFuture(store), authFile);
    }

    PullSecretCredentials(CompletableFuture<Optional<PullSecretStore>> store, CredentialSource authFile) {
        this.store = store;
        this.authFile = authFile;
    }

    /** Only the static auth file, for weighers built without a Kubernetes API. */
    static PullSecretCredentials authFileOnly(CredentialSource authFile) {
        return new PullSecretCredentials(Optional.empty(), authFile);
    }

    CompletableFuture<CredentialSource> credentialsFor(WeighingContext context) {
        Optional<PullSecretStore> known = store.getNow(null);
        if ((known != null && known.isEmpty())
                || context.namespace() == null
                || context.namespace().isBlank()) {
            return CompletableFuture.completedFuture(authFile);
        }
        String namespace = context.namespace();
        Deadline half = context.deadline().sooner(context.deadline().remaining().dividedBy(2));
        // Only before the pod is ready can the client still be in the making: then it is waited for, in the same half.
        CompletableFuture<CredentialSource> chain = known != null
                ? read(known.get(), namespace, half, context)
                : store.thenCompose(built -> built.map(secrets -> read(secrets, namespace, half, context))
                        .orElseGet(() -> CompletableFuture.completedFuture(authFile)));
        return half.bound(chain, () -> {
            LOG.debugf(
                    "pull secrets of namespace %s not read in half the time left; weighing with the auth file only",
                    namespace);
            return authFile;
        });
    }

    private CompletableFuture<CredentialSource> read(
            PullSecretStore secrets, String namespace, Deadline half, WeighingContext context) {
        List<String> fromSpec = context.pullSecrets().imagePullSecrets();
        CompletableFuture<List<String>> names = fromSpec.isEmpty()
                ? secrets.serviceAccountPullSecrets(
                        namespace, context.pullSecrets().serviceAccount(), half)
                : CompletableFuture.completedFuture(fromSpec);
        return names.thenCompose(ordered -> {
            List<CompletableFuture<Optional<DockerConfigCredentials>>> reads = ordered.stream()
                    .map(name -> secrets.secret(namespace, name, half))
                    .toList();
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                    .thenApply(done -> {
                        List<CredentialSource> sources = new ArrayList<>();
                        reads.forEach(read -> read.join().ifPresent(sources::add));
                        sources.add(authFile);
                        return new CredentialChain(sources);
                    });
        });
    }
}
