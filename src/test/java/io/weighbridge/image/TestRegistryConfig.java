package io.weighbridge.image;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A RegistryConfig for tests that construct the weigher without Quarkus. */
public record TestRegistryConfig(
        List<String> plainHttpHosts,
        List<String> allowed,
        Optional<Path> auth,
        Duration requestTimeout,
        String platformChoice,
        int maxRequests)
        implements RegistryConfig {

    /** Plain HTTP to {@code hostPort} on loopback, allowed explicitly as tests need. */
    public static TestRegistryConfig forLocal(String hostPort) {
        return new TestRegistryConfig(
                List.of(hostPort), List.of("127.0.0.1/32"), Optional.empty(), Duration.ofSeconds(2), "linux/amd64", 8);
    }

    TestRegistryConfig withPlatform(String platform) {
        return new TestRegistryConfig(plainHttpHosts, allowed, auth, requestTimeout, platform, maxRequests);
    }

    TestRegistryConfig withRequestTimeout(Duration timeout) {
        return new TestRegistryConfig(plainHttpHosts, allowed, auth, timeout, platformChoice, maxRequests);
    }

    TestRegistryConfig withAuthFile(Path file) {
        return new TestRegistryConfig(
                plainHttpHosts, allowed, Optional.of(file), requestTimeout, platformChoice, maxRequests);
    }

    TestRegistryConfig withAllowedNetworks(List<String> networks) {
        return new TestRegistryConfig(plainHttpHosts, networks, auth, requestTimeout, platformChoice, maxRequests);
    }

    /** Proxy settings as the configuration keys would hold them. */
    static Proxy proxySettings(Optional<String> https, Optional<String> http, Optional<String> noProxy) {
        return new Proxy() {
            @Override
            public Optional<String> https() {
                return https;
            }

            @Override
            public Optional<String> http() {
                return http;
            }

            @Override
            public Optional<String> noProxy() {
                return noProxy;
            }
        };
    }

    /** No proxy, whatever the environment of the test run says: tests that want one set it. */
    @Override
    public Proxy proxy() {
        return proxySettings(Optional.of("none"), Optional.of("none"), Optional.empty());
    }

    @Override
    public Optional<List<String>> plainHttp() {
        return Optional.of(plainHttpHosts);
    }

    @Override
    public Optional<List<String>> allowedNetworks() {
        return Optional.of(allowed);
    }

    @Override
    public Optional<Path> authFile() {
        return auth;
    }

    @Override
    public Optional<Path> mirrorsFile() {
        return Optional.empty();
    }

    @Override
    public Optional<Path> caFile() {
        return Optional.empty();
    }

    @Override
    public Duration timeout() {
        return requestTimeout;
    }

    @Override
    public String platform() {
        return platformChoice;
    }

    @Override
    public int maxConcurrentRequests() {
        return maxRequests;
    }

    @Override
    public int maxConcurrentRequestsPerRegistry() {
        return 8;
    }

    @Override
    public Optional<List<String>> tokenRealms() {
        return Optional.empty();
    }

    @Override
    public MemorySize baseDetectionMaxBytes() {
        return new MemorySize(BigInteger.valueOf(64L << 20));
    }

    @Override
    public Duration baseDetectionTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Duration tagCacheTtl() {
        return Duration.ofMinutes(5);
    }

    @Override
    public MemorySize cacheMaxMemory() {
        return new MemorySize(BigInteger.valueOf(32L << 20));
    }
}
