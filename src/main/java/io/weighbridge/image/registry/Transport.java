package io.weighbridge.image.registry;

import java.util.concurrent.CompletableFuture;

/**
 * One layer of the registry client: sends a request and answers the response, doing one thing
 * on the way (checking the address, waiting for a slot, retrying, following redirects,
 * authenticating) and handing the rest to the layer below. The bottom layer is the HTTP
 * exchange itself. A failure is a {@link RegistryException} whose message says what failed.
 */
@FunctionalInterface
interface Transport {
    CompletableFuture<RegistryResponse> send(RegistryRequest request);
}
