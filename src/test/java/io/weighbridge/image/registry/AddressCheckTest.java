package io.weighbridge.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.RequestPace;
import java.net.InetAddress;
import java.net.URI;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The address check on the requests of a weighing: one lookup per host, never a second answer, no refusal kept. */
class AddressCheckTest {
    private final ExecutorService lookups = Executors.newSingleThreadExecutor(r -> new Thread(r, "lookup"));
    private final List<String> sent = new ArrayList<>();
    private final Transport exchange = request -> {
        sent.add(request.address().map(InetAddress::getHostAddress).orElse("-") + " on "
                + Thread.currentThread().getName());
        return CompletableFuture.completedFuture(new RegistryResponse(
                200, MultiMap.caseInsensitiveMultiMap(), new byte[0], request.uri(), Optional.empty()));
    };

    @AfterEach
    void stop() {
        lookups.shutdownNow();
    }

    @Test
    void aRegistrysLaterRequestsGoToTheAddressTheGuardCheckedWithoutASecondLookupOrAThreadHop() throws Exception {
        // DNS rebinding: the name answers a public address first, then loopback.
        InetAddress public1 = InetAddress.getByAddress("registry.example", new byte[] {93, (byte) 184, (byte) 216, 34});
        InetAddress loopback = InetAddress.getByAddress("registry.example", new byte[] {127, 0, 0, 1});
        AtomicInteger asked = new AtomicInteger();
        AddressCheck check = new AddressCheck(
                new AddressGuard(
                        List.of(), host -> new InetAddress[] {asked.getAndIncrement() == 0 ? public1 : loopback}),
                lookups,
                exchange);

        for (int i = 0; i < 3; i++) {
            check.send(request("https://registry.example/v2/app/manifests/1")).join();
        }

        assertEquals(1, asked.get(), "one lookup for the host");
        // The first goes on from the lookup's thread, or from the caller's when the lookup was done before it waited.
        assertTrue(sent.get(0).startsWith("93.184.216.34 on "), sent.get(0));
        String caller = Thread.currentThread().getName();
        assertEquals(List.of("93.184.216.34 on " + caller, "93.184.216.34 on " + caller), sent.subList(1, 3));
    }

    @Test
    void aRefusedHostIsLookedUpAndRefusedOnEveryRequest() {
        AtomicInteger asked = new AtomicInteger();
        AddressCheck check = new AddressCheck(
                new AddressGuard(List.of(), host -> {
                    asked.incrementAndGet();
                    return new InetAddress[] {
                        InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})
                    };
                }),
                lookups,
                exchange);

        for (int i = 0; i < 2; i++) {
            CompletionException refused = assertThrows(
                    CompletionException.class,
                    () -> check.send(request("https://metadata.example/latest")).join());
            assertInstanceOf(AddressGuard.AddressRefusedException.class, refused.getCause());
            assertTrue(
                    refused.getCause().getMessage().contains("cloud metadata"),
                    refused.getCause().getMessage());
        }
        assertEquals(2, asked.get(), "a refusal is not kept: every request looks up again");
        assertEquals(List.of(), sent, "no connection");
    }

    @Test
    void anAllowedAddressIsReusedNoLongerThanTheJvmsOwnDnsCacheKeepsAnswers() {
        String configured = Security.getProperty("networkaddress.cache.ttl");
        try {
            Security.setProperty("networkaddress.cache.ttl", "0");
            assertEquals(Duration.ZERO, AddressCheck.reuseFor(), "a JVM that caches no lookups: none reused");
            Security.setProperty("networkaddress.cache.ttl", "10");
            assertEquals(Duration.ofSeconds(10), AddressCheck.reuseFor());
            Security.setProperty("networkaddress.cache.ttl", "-1");
            assertEquals(AddressCheck.MAX_REUSE, AddressCheck.reuseFor(), "cached forever by the JVM: 30 s here");
            Security.setProperty("networkaddress.cache.ttl", "3600");
            assertEquals(AddressCheck.MAX_REUSE, AddressCheck.reuseFor());
        } finally {
            Security.setProperty("networkaddress.cache.ttl", configured == null ? "-1" : configured);
        }
    }

    @Test
    void withoutTheSecurityPropertyTheOlderSystemPropertyDecidesAsForTheJvmsOwnCache() {
        assertEquals(Duration.ZERO, AddressCheck.reuseFor(null, "0"), "-Dsun.net.inetaddr.ttl=0: none reused");
        assertEquals(Duration.ofSeconds(5), AddressCheck.reuseFor(null, "5"));
        assertEquals(Duration.ofSeconds(10), AddressCheck.reuseFor("10", "0"), "the security property comes first");
        assertEquals(AddressCheck.MAX_REUSE, AddressCheck.reuseFor(null, null));
    }

    private static RegistryRequest request(String uri) {
        return new RegistryRequest(
                HttpMethod.GET,
                URI.create(uri),
                Map.of(),
                Optional.empty(),
                1024,
                false,
                "fetching manifest 1",
                Deadline.in(Duration.ofSeconds(5)),
                RequestPace.UNPACED,
                waiting -> {},
                Optional.empty(),
                Optional.empty());
    }
}
