package io.weighbridge.image;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A {@link RegistryConfig} that changes a few settings of another, for tests that build the weigher by hand. */
record ConfigOverrides(
        RegistryConfig base,
        Optional<List<String>> plainHttpHosts,
        Optional<Path> mirrors,
        Optional<Path> ca,
        Optional<MemorySize> cacheMemory,
        Optional<Duration> requestTimeout,
        Optional<List<String>> realms,
        Optional<Integer> maxRequests,
        Optional<RegistryConfig.Proxy> proxies)
        implements RegistryConfig {

    static ConfigOverrides of(RegistryConfig base) {
        return new ConfigOverrides(
                base,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    ConfigOverrides plainHttp(List<String> hosts) {
        return new ConfigOverrides(
                base, Optional.of(hosts), mirrors, ca, cacheMemory, requestTimeout, realms, maxRequests, proxies);
    }

    ConfigOverrides mirrors(Path file) {
        return new ConfigOverrides(
                base, plainHttpHosts, Optional.of(file), ca, cacheMemory, requestTimeout, realms, maxRequests, proxies);
    }

    ConfigOverrides ca(Path file) {
        return new ConfigOverrides(
                base,
                plainHttpHosts,
                mirrors,
                Optional.of(file),
                cacheMemory,
                requestTimeout,
                realms,
                maxRequests,
                proxies);
    }

    ConfigOverrides cacheMaxMemory(long bytes) {
        return new ConfigOverrides(
                base,
                plainHttpHosts,
                mirrors,
                ca,
                Optional.of(new MemorySize(BigInteger.valueOf(bytes))),
                requestTimeout,
                realms,
                maxRequests,
                proxies);
    }

    ConfigOverrides timeout(Duration perRequest) {
        return new ConfigOverrides(
                base, plainHttpHosts, mirrors, ca, cacheMemory, Optional.of(perRequest), realms, maxRequests, proxies);
    }

    /** {@code weighbridge.registry.token-realms}: {@code registry=realm-host[:port]} entries. */
    ConfigOverrides tokenRealms(List<String> entries) {
        return new ConfigOverrides(
                base,
                plainHttpHosts,
                mirrors,
                ca,
                cacheMemory,
                requestTimeout,
                Optional.of(entries),
                maxRequests,
                proxies);
    }

    ConfigOverrides maxConcurrentRequests(int requests) {
        return new ConfigOverrides(
                base, plainHttpHosts, mirrors, ca, cacheMemory, requestTimeout, realms, Optional.of(requests), proxies);
    }

    /** {@code weighbridge.registry.proxy.*}: each value as the configuration key would hold it. */
    ConfigOverrides proxy(Optional<String> https, Optional<String> http, Optional<String> noProxy) {
        return new ConfigOverrides(
                base,
                plainHttpHosts,
                mirrors,
                ca,
                cacheMemory,
                requestTimeout,
                realms,
                maxRequests,
                Optional.of(TestRegistryConfig.proxySettings(https, http, noProxy)));
    }

    @Override
    public Proxy proxy() {
        return proxies.orElseGet(base::proxy);
    }

    @Override
    public Optional<List<String>> plainHttp() {
        return plainHttpHosts.isPresent() ? plainHttpHosts : base.plainHttp();
    }

    @Override
    public Optional<List<String>> allowedNetworks() {
        return base.allowedNetworks();
    }

    @Override
    public Optional<Path> authFile() {
        return base.authFile();
    }

    @Override
    public Optional<Path> mirrorsFile() {
        return mirrors.isPresent() ? mirrors : base.mirrorsFile();
    }

    @Override
    public Optional<Path> caFile() {
        return ca.isPresent() ? ca : base.caFile();
    }

    @Override
    public Duration timeout() {
        return requestTimeout.orElseGet(base::timeout);
    }

    @Override
    public String platform() {
        return base.platform();
    }

    @Override
    public int maxConcurrentRequests() {
        return maxRequests.orElseGet(base::maxConcurrentRequests);
    }

    @Override
    public int maxConcurrentRequestsPerRegistry() {
        return base.maxConcurrentRequestsPerRegistry();
    }

    @Override
    public Optional<List<String>> tokenRealms() {
        return realms.isPresent() ? realms : base.tokenRealms();
    }

    @Override
    public MemorySize baseDetectionMaxBytes() {
        return base.baseDetectionMaxBytes();
    }

    @Override
    public Duration baseDetectionTimeout() {
        return base.baseDetectionTimeout();
    }

    @Override
    public Duration tagCacheTtl() {
        return base.tagCacheTtl();
    }

    @Override
    public MemorySize cacheMaxMemory() {
        return cacheMemory.orElseGet(base::cacheMaxMemory);
    }
}
