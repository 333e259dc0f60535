package io.weighbridge.image.registry;

import io.weighbridge.image.Credential;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.Digest;
import io.weighbridge.image.RequestPace;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One repository of one registry, with the credential, the deadline and the pace of the weighing
 * that uses it bound once (as go-containerregistry's {@code remote} binds them): every call after
 * that names only what differs, a tag or a digest.
 */
public final class Repository {
    private final String registry;
    private final String name;
    private final Credential credential;
    private final Deadline deadline;
    private final RequestPace pace;
    private final Consumer<String> waits;
    private final URI base;
    private final Transport authenticated;
    private final RegistryClient client;

    Repository(
            RegistryClient client,
            String registry,
            String name,
            Credential credential,
            Deadline deadline,
            RequestPace pace,
            Consumer<String> waits) {
        this.client = client;
        this.registry = registry;
        this.name = name;
        this.credential = credential;
        this.deadline = deadline;
        this.pace = pace;
        this.waits = waits;
        this.base = client.base(registry);
        this.authenticated = client.authenticated(base, registry, name, credential);
    }

    /** The digest a tag points at, from a HEAD request; empty when the registry does not say. */
    public CompletableFuture<Optional<Digest>> resolveTag(String tag) {
        return call(RegistryCall.resolveTag(tag));
    }

    /** A manifest by tag, named by the sha256 of its bytes (checked against Docker-Content-Digest). */
    public CompletableFuture<RawManifest> manifestByTag(String tag) {
        return call(RegistryCall.manifestByTag(tag));
    }

    /** A manifest or index by digest, verified against it. */
    public CompletableFuture<RawManifest> manifest(Digest digest) {
        return call(RegistryCall.manifest(digest));
    }

    /** An image config, verified against its digest, refused above 8 MiB. */
    public CompletableFuture<byte[]> config(Digest digest) {
        return call(RegistryCall.config(digest));
    }

    /** A layer blob as a stream, to read on a worker thread and close. */
    public CompletableFuture<InputStream> openLayer(Digest digest) {
        return call(RegistryCall.layer(digest));
    }

    /** The same repository, credential and pace, on another deadline (a budget of its own, a fetch others share). */
    public Repository within(Deadline other) {
        return new Repository(client, registry, name, credential, other, pace, waits);
    }

    /** The same handle, telling {@code listener} what its requests wait for (a slot, their turn), should they wait. */
    public Repository tellingWaitsTo(Consumer<String> listener) {
        return new Repository(client, registry, name, credential, deadline, pace, listener);
    }

    public Deadline deadline() {
        return deadline;
    }

    /** Runs one call: the request goes down the layers, the answer comes back through the call's reader. */
    public <T> CompletableFuture<T> call(RegistryCall<T> call) {
        Map<String, String> headers =
                call.accept().isEmpty() ? Map.of() : Map.of("Accept", String.join(", ", call.accept()));
        RegistryRequest request = new RegistryRequest(
                call.method(),
                base.resolve("/v2/" + name + "/" + call.route()),
                headers,
                Optional.empty(),
                call.maxBodyBytes(),
                call.streamed(),
                call.description(),
                deadline,
                pace,
                waits,
                Optional.empty(),
                Optional.empty());
        return authenticated.send(request).thenApply(call.reader()::read);
    }

    @Override
    public String toString() {
        return "Repository[" + registry + "/" + name + ", " + credential + "]";
    }
}
