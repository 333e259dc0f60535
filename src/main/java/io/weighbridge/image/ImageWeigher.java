package io.weighbridge.image;

import java.util.concurrent.CompletableFuture;

/**
 * Weighs images in their registries. Implementations never block the caller: the future
 * completes with an {@link ImageWeight} or fails with a {@link WeighingException}, and always
 * by {@link WeighingContext#deadline()}.
 */
public interface ImageWeigher {
    CompletableFuture<ImageWeight> weigh(ImageReference reference, WeighingContext context);
}
