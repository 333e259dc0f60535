package io.weighbridge.dockerfile;

import java.util.Map;
import java.util.Set;

/**
 * Values given to a build for its build arguments ({@code docker build --build-arg}, a
 * BuildConfig's {@code dockerStrategy.buildArgs}). As in Docker, a value only counts where the
 * Dockerfile declares the argument with {@code ARG}: it replaces that declaration's default.
 *
 * @param values literal values by name
 * @param unknown names given a value that cannot be known before the build (OpenShift's
 *     {@code valueFrom}); a {@code FROM} that reads one names no image that can be weighed
 */
public record BuildArgValues(Map<String, String> values, Set<String> unknown) {
    public static final BuildArgValues NONE = new BuildArgValues(Map.of(), Set.of());

    public BuildArgValues {
        values = Map.copyOf(values);
        unknown = Set.copyOf(unknown);
    }

    public static BuildArgValues of(Map<String, String> values) {
        return new BuildArgValues(values, Set.of());
    }
}
