package io.weighbridge.image;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.weighbridge.image.registry.AddressGuard;
import io.weighbridge.image.registry.EgressProxies;
import io.weighbridge.image.registry.RegistryClient;
import io.weighbridge.metrics.RegistryMetrics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wires a {@link RegistryImageWeigher} from {@link RegistryConfig}: the registry client and its
 * HTTP pool, the pull secrets, the caches, base detection and the threads they use. The parts
 * that are not settings each have a default; tests replace them here.
 */
public final class WeigherBuilder {
    private final Vertx vertx;
    private final RegistryConfig config;
    private CredentialSource staticCredentials;
    private AddressGuard guard;
    private CompletableFuture<Optional<KubernetesClient>> pullSecrets =
            CompletableFuture.completedFuture(Optional.empty());
    private MeterRegistry meters = new SimpleMeterRegistry();

    WeigherBuilder(Vertx vertx, RegistryConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Credentials consulted after pull secrets; instead of {@code weighbridge.registry.auth-file}. */
    public WeigherBuilder credentials(CredentialSource credentials) {
        this.staticCredentials = credentials;
        return this;
    }

    /** Reads pull secrets through this client; without one, only the static credentials apply. */
    public WeigherBuilder pullSecretsFrom(KubernetesClient client) {
        return pullSecretsFrom(CompletableFuture.completedFuture(Optional.of(client)));
    }

    /** Reads pull secrets through the client once it is built, when there is one ({@link KubernetesApi#built()}). */
    WeigherBuilder pullSecretsFrom(CompletableFuture<Optional<KubernetesClient>> client) {
        this.pullSecrets = client;
        return this;
    }

    public WeigherBuilder meters(MeterRegistry registry) {
        this.meters = registry;
        return this;
    }

    /** Instead of the guard {@code weighbridge.registry.allowed-networks} makes (tests map names without DNS). */
    WeigherBuilder addressGuard(AddressGuard addressGuard) {
        this.guard = addressGuard;
        return this;
    }

    public RegistryImageWeigher build() {
        return new RegistryImageWeigher(parts());
    }

    WeigherParts parts() {
        RegistryClient.Builder registryClient = RegistryClient.builder(
                        vertx,
                        guard != null
                                ? guard
                                : AddressGuard.allowing(config.allowedNetworks().orElse(List.of())),
                        new RegistryMetrics(meters))
                .plainHttp(config.plainHttp().orElse(List.of()))
                .requestTimeout(config.timeout())
                .slots(config.maxConcurrentRequests(), config.maxConcurrentRequestsPerRegistry())
                .tokenRealms(config.tokenRealms().orElse(List.of()))
                .proxies(EgressProxies.of(
                        config.proxy().https(),
                        config.proxy().http(),
                        config.proxy().noProxy(),
                        System.getenv()));
        config.caFile().ifPresent(registryClient::caFile);
        RegistryClient registries = registryClient.build();
        ThreadPoolExecutor secretReader = new ThreadPoolExecutor(
                2,
                2,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256),
                Threads.daemons("weighbridge-pull-secrets"),
                new ThreadPoolExecutor.AbortPolicy());
        CredentialSource authFile = staticCredentials != null
                ? staticCredentials
                : config.authFile()
                        .<CredentialSource>map(DockerConfigCredentials::load)
                        .orElse(CredentialSource.NONE);
        PullSecretCredentials credentials = new PullSecretCredentials(
                pullSecrets.thenApply(client -> client.map(api -> new PullSecretStore(api, secretReader))), authFile);
        BaseDetector bases =
                new BaseDetector(config.baseDetectionMaxBytes().asLongValue(), config.baseDetectionTimeout());
        WeighingCaches caches = new WeighingCaches(config.cacheMaxMemory().asLongValue(), config.tagCacheTtl(), meters);
        return new WeigherParts(
                registries,
                credentials,
                MirrorRules.fromConfig(config),
                PlatformSelection.parse(config.platform()),
                caches,
                bases,
                () -> {
                    registries.close();
                    secretReader.shutdownNow();
                    bases.close();
                });
    }
}
