/**
 * The registry API client, as a chain of small layers, each one concern, each a {@link
 * io.weighbridge.image.registry.Transport} that hands on to the next (after go-containerregistry's
 * {@code remote/transport}); each call of the API is a {@link io.weighbridge.image.registry.RegistryCall}
 * value (after jib's {@code RegistryEndpointProvider}), run on a {@link
 * io.weighbridge.image.registry.Repository} handle that binds registry, repository, credential,
 * deadline and pace once.
 *
 * <pre>
 * Repository        builds the request of a call and reads its answer
 *  Authenticated    per handle: challenge, token (realm rule: TokenRealms), Basic; authorization bound to its origin
 *  Redirects        by hand, at most 5
 *  Retries          connection failures, 429/502/503/504, Retry-After, never past the deadline
 *  Schemes          HTTPS unless listed as plain HTTP, for every URI (redirects and realms too)
 *  Bulkhead         the audit's pace, then a slot of the target registry (RequestSlots)
 *  Metered          outcome and duration of each exchange that holds a slot
 *  EgressRoute      the proxy of each URL, by its own host (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)
 *  AddressCheck     DNS once, the address guard, under the slot; through a proxy, a name only it resolves passes
 *  VertxExchange    the exchange: the checked address, the per-request timeout, body caps, streams
 * </pre>
 *
 * <p>The egress proxy is chosen above {@code AddressCheck} (the guard checks the registry's
 * address first, and must know whether a name it cannot resolve goes to a proxy that can) and
 * used by {@code VertxExchange}, which connects through it; a platform chosen per request is a
 * parameter of the weighing ({@code WeighingContext}), not of this client.
 *
 * <p>Dependencies: this package uses of {@code io.weighbridge.image} only its leaf values, which
 * import nothing of the project ({@code Deadline}, {@code OneLine}, {@code RequestPace},
 * {@code Digest}, {@code Credential}, {@code Futures}, {@code HeapBytes}, {@code Threads}); it
 * knows nothing of images, weights, caches or policies, and nothing there is imported back into it.
 */
package io.weighbridge.image.registry;
