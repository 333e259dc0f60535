package io.weighbridge.image;

import java.time.Instant;

/**
 * What a weighing may use and how long it may take.
 *
 * @param deadline the instant by which the answer is due, whatever the registry does
 * @param namespace namespace of the object being judged (whose pull secrets apply), or
 *     {@code null} for a dry run outside any namespace
 */
public record WeighingContext(Instant deadline, String namespace) {}
