package io.weighbridge.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where the policies live ({@code weighbridge.policy.*}). */
@ConfigMapping(prefix = "weighbridge.policy")
public interface PolicyConfig {

    /** A policy file or a folder of {@code *.yaml} / {@code *.yml} files. */
    @WithDefault("policies")
    Path path();

    /** How often the files are checked for changes (a mounted ConfigMap changes by symlink swap). */
    @WithDefault("2s")
    Duration reloadInterval();

    /**
     * Replaces every policy's {@code spec.enforcement} when set ({@code enforce}, {@code warn} or
     * {@code dryrun}): how an installation tries out policies it did not write
     * ({@code WEIGHBRIDGE_POLICY_ENFORCEMENT_OVERRIDE}, the chart's {@code enforcement}).
     */
    Optional<Enforcement> enforcementOverride();

    /**
     * Whether a policy path that holds no policy at all may install as "no policies, every image
     * allowed". Off by default: an emptied or deleted policy file, or one caught half written,
     * is then a failed load and the last good set stays in force (at startup: not ready).
     */
    @WithDefault("false")
    boolean allowEmpty();

    /** Whether the files are watched for changes at all; the CLI's one-shot commands turn this off. */
    @WithDefault("true")
    boolean watch();
}
