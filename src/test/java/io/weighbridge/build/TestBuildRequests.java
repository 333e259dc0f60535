package io.weighbridge.build;

import java.util.Optional;

/** {@link BuildRequests} for tests of other packages that build the admission path by hand. */
public final class TestBuildRequests {
    private TestBuildRequests() {}

    /** Build requests in a cluster with no image streams (every ImageStreamTag is unknown). */
    public static BuildRequests withoutImageStreams() {
        return new BuildRequests((namespace, kind, name) -> Optional.empty());
    }
}
