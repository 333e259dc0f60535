package io.weighbridge.image;

import io.weighbridge.image.registry.RegistryClient;

/**
 * What a {@link RegistryImageWeigher} works with, wired once from the configuration by
 * {@link WeigherBuilder} (for the webhook through {@link RegistryWeigherProducer}).
 *
 * @param closing releases the HTTP client and the threads of the parts
 */
record WeigherParts(
        RegistryClient registries,
        PullSecretCredentials credentials,
        MirrorRules mirrors,
        PlatformSelection platforms,
        WeighingCaches caches,
        BaseDetector bases,
        Runnable closing) {}
