package io.weighbridge.testing;

import com.google.cloud.tools.jib.api.buildplan.Platform;

/** {@code os/architecture}, the way {@link PushedImage#platform()} and the webhook's configuration write it. */
record FixturePlatform(String os, String architecture) {
    static final FixturePlatform LINUX_AMD64 = new FixturePlatform("linux", "amd64");
    static final FixturePlatform LINUX_ARM64 = new FixturePlatform("linux", "arm64");

    Platform toJib() {
        return new Platform(architecture, os);
    }

    @Override
    public String toString() {
        return os + "/" + architecture;
    }
}
