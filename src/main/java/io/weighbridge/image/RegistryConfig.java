package io.weighbridge.image;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the webhook reaches image registries ({@code weighbridge.registry.*}). */
@ConfigMapping(prefix = "weighbridge.registry")
public interface RegistryConfig {

    /** Registries ({@code host:port}) reached over plain HTTP instead of HTTPS. */
    Optional<List<String>> plainHttp();

    /**
     * CIDRs of private networks that registry hosts may resolve to. Loopback, link-local,
     * private, CGNAT, multicast and metadata addresses are refused unless listed here.
     */
    Optional<List<String>> allowedNetworks();

    /** A docker {@code config.json} with static credentials, used after pull secrets. */
    Optional<Path> authFile();

    /**
     * Where the nodes pull images from, so that images are weighed there: a node's
     * containers-registries.conf as it is (TOML), or YAML mirror rules (RegistryMirrors, or
     * OpenShift ImageDigestMirrorSet / ImageTagMirrorSet documents as-is). See docs/mirrors.md.
     */
    Optional<Path> mirrorsFile();

    /**
     * PEM file of CA certificates trusted for registries (private registries, test registries),
     * in addition to the JVM's default trust store. Certificates are always verified, host name
     * included: there is no insecure mode.
     */
    Optional<Path> caFile();

    /** Time allowed for one registry request. */
    @WithDefault("3s")
    Duration timeout();

    /** Platform picked from multi-arch indexes ({@code os/arch[/variant]}); {@code all} weighs the largest. */
    @WithDefault("linux/amd64")
    String platform();

    /** Most requests in flight to registries at once, across all admissions. */
    @WithDefault("32")
    int maxConcurrentRequests();

    /**
     * Most requests in flight to one registry host; while several registries are busy, each gets
     * at most an equal share of {@link #maxConcurrentRequests()}, one share kept free. A registry
     * that stops answering so holds only its own share.
     */
    @WithDefault("8")
    int maxConcurrentRequestsPerRegistry();

    /**
     * Token realms on other hosts that may receive a registry's credentials, as
     * {@code REGISTRY=REALM_HOST[:PORT]} ({@code registry.gitlab.com=gitlab.com}). A realm on the
     * registry's own host, and Docker Hub's {@code auth.docker.io}, need no entry; any other realm
     * gets no credential.
     */
    Optional<List<String>> tokenRealms();

    /**
     * Egress proxies for registries, token services and blob storage; each key, when set,
     * overrides its environment variable. See README "Egress proxies".
     */
    Proxy proxy();

    /** {@code weighbridge.registry.proxy.*}. */
    interface Proxy {
        /** {@code http://[user:password@]host[:port]} for HTTPS registries (CONNECT); {@code none} for none. Overrides {@code HTTPS_PROXY}. */
        Optional<String> https();

        /** The proxy for registries listed in {@code plain-http}; {@code none} for none. Overrides {@code HTTP_PROXY}. */
        Optional<String> http();

        /** Hosts reached directly, as {@code NO_PROXY} lists them (names, {@code .suffix}, {@code :port}, IPs, CIDRs, {@code *}). Overrides {@code NO_PROXY}. */
        Optional<String> noProxy();
    }

    /** Most compressed bytes of the bottom layers read to detect the base distribution. */
    @WithDefault("64M")
    io.quarkus.runtime.configuration.MemorySize baseDetectionMaxBytes();

    /**
     * How long base detection may run for one image. It runs beside the weighing: when it is not
     * done by the admission deadline the answer says {@code unknown} and the result is cached
     * for the next weighing.
     */
    @WithDefault("30s")
    Duration baseDetectionTimeout();

    /**
     * How old a tag's digest may get before it is resolved again: in the background, the weighing
     * that finds it old is answered with it; a tag not weighed for twice this long is resolved anew.
     */
    @WithDefault("5m")
    Duration tagCacheTtl();

    /** How much heap the cache of weighed images may hold (the other caches have budgets of their own). */
    @WithDefault("32M")
    io.quarkus.runtime.configuration.MemorySize cacheMaxMemory();
}
