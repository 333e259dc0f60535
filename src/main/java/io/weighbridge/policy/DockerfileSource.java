package io.weighbridge.policy;

import io.weighbridge.dockerfile.Dockerfile;

/**
 * A Dockerfile to lint, and where it came from for messages.
 *
 * @param origin {@code BuildConfig/shop/web}, a file name, or {@code null}
 */
public record DockerfileSource(Dockerfile dockerfile, String origin) {}
