package io.weighbridge.image.registry;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.weighbridge.image.Credential;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.RequestPace;
import io.weighbridge.image.Threads;
import io.weighbridge.metrics.RegistryMetrics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The registry API client: the layers of {@link Transport} stacked once, and a
 * {@link Repository} handle per weighing. From the top, a call goes through authentication
 * ({@link Authenticated}, per handle), {@link Redirects}, {@link Retries}, the plain-HTTP rule
 * ({@link Schemes}), pacing and slots ({@link Bulkhead}), metrics ({@link Metered}), the egress
 * proxy of each URL ({@link EgressRoute}), the {@link AddressCheck}, and the HTTP exchange
 * ({@link VertxExchange}).
 *
 * <p>Not jib-core's RegistryClient: it has no deadline and retries for minutes, cannot send
 * HEAD, hides the raw manifest bytes (so digests cannot be verified), falls back to unverified
 * HTTPS and plain HTTP, and follows token realms and redirects anywhere with credentials.
 */
public final class RegistryClient implements AutoCloseable {
    private final HttpClient http;
    private final ThreadPoolExecutor resolver;
    private final VertxExchange exchange;
    private final Schemes schemes;
    private final Transport unauthenticated;
    private final Tokens tokens;
    private final TokenRealms realms;

    private RegistryClient(Builder settings) {
        HttpClientOptions options = new HttpClientOptions()
                .setVerifyHost(true)
                .setTrustAll(false)
                .setForceSni(true)
                .setKeepAlive(true)
                .setMaxPoolSize(settings.capacity);
        settings.caFile.map(RegistryTrust::withExtraCas).ifPresent(options::setTrustOptions);
        this.http = settings.vertx.createHttpClient(options);
        // Lookups run under a slot: as many threads as slots, so no host's lookups wait behind another's.
        this.resolver = new ThreadPoolExecutor(
                settings.capacity,
                settings.capacity,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024),
                Threads.daemons("weighbridge-registry-dns"),
                new ThreadPoolExecutor.AbortPolicy());
        this.resolver.allowCoreThreadTimeOut(true);
        this.exchange = new VertxExchange(settings.vertx, http, settings.requestTimeout);
        Transport metered = new Metered(
                new EgressRoute(settings.proxies, new AddressCheck(settings.guard, resolver, exchange)),
                settings.metrics);
        RequestSlots slots = new RequestSlots(settings.capacity, settings.perRegistry, "request slot");
        this.schemes =
                new Schemes(settings.plainHttp, new Bulkhead(slots, metered, settings.metrics), settings.metrics);
        this.unauthenticated = new Redirects(new Retries(schemes));
        this.tokens = new Tokens(unauthenticated);
        this.realms = settings.realms;
    }

    public static Builder builder(Vertx vertx, AddressGuard guard, RegistryMetrics metrics) {
        return new Builder(vertx, guard, metrics);
    }

    /**
     * A handle on {@code repository} of {@code registry} ({@code docker.io}, {@code quay.io:443})
     * for one weighing: its credential ({@link Credential#ANONYMOUS} for none), deadline and pace.
     */
    public Repository repository(
            String registry, String repository, Credential credential, Deadline deadline, RequestPace pace) {
        return new Repository(this, registry, repository, credential, deadline, pace, waiting -> {});
    }

    /** HTTP exchanges started so far (each redirect hop and retry counts), for tests and diagnostics. */
    public long exchangeCount() {
        return exchange.count();
    }

    URI base(String registry) {
        return schemes.base(registry);
    }

    Transport authenticated(URI base, String registry, String repository, Credential credential) {
        return new Authenticated(unauthenticated, tokens, realms, base, registry, repository, credential);
    }

    @Override
    public void close() {
        http.close();
        resolver.shutdownNow();
    }

    /** How the client reaches registries; each setting has a default but the guard and the metrics. */
    public static final class Builder {
        private final Vertx vertx;
        private final AddressGuard guard;
        private final RegistryMetrics metrics;
        private Collection<String> plainHttp = List.of();
        private Optional<Path> caFile = Optional.empty();
        private Duration requestTimeout = Duration.ofSeconds(3);
        private int capacity = 32;
        private int perRegistry = 8;
        private TokenRealms realms = TokenRealms.parse(List.of());
        private EgressProxies proxies = EgressProxies.DIRECT;

        private Builder(Vertx vertx, AddressGuard guard, RegistryMetrics metrics) {
            this.vertx = vertx;
            this.guard = guard;
            this.metrics = metrics;
        }

        /** Registries ({@code host:port}) reached over plain HTTP; every other host only over HTTPS. */
        public Builder plainHttp(Collection<String> hosts) {
            this.plainHttp = new ArrayList<>(hosts);
            return this;
        }

        /** PEM CAs trusted besides the JVM's. */
        public Builder caFile(Path pemFile) {
            this.caFile = Optional.of(pemFile);
            return this;
        }

        /** The most one exchange may take, cut shorter by the caller's deadline. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Requests in flight at most, in all and to one registry. */
        public Builder slots(int total, int perRegistryHost) {
            this.capacity = total;
            this.perRegistry = perRegistryHost;
            return this;
        }

        /** {@code REGISTRY=REALM_HOST[:PORT]} entries: token realms on other hosts that may receive that registry's credentials. */
        public Builder tokenRealms(List<String> entries) {
            this.realms = TokenRealms.parse(entries);
            return this;
        }

        /** The egress proxies requests go through; direct by default. */
        public Builder proxies(EgressProxies egress) {
            this.proxies = egress;
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}
