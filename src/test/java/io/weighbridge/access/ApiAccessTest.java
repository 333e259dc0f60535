package io.weighbridge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weighbridge.access.ApiAccess.Mode;
import io.weighbridge.access.ApiAccessConfig.Authentication;
import io.weighbridge.access.ApiDecision.Granted;
import io.weighbridge.access.ApiDecision.Refused;
import io.weighbridge.metrics.MetricNames;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The modes of the API that need no cluster to decide; {@link ApiAccessIT} has the cluster's reviews. */
class ApiAccessTest {
    private static final ClusterReviews NO_API = new ClusterReviews(Optional.empty(), Duration.ofSeconds(10));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void theModeFollowsTheSettingsAndWhetherThereIsAKubernetesApi() {
        assertEquals(Mode.OFF, Mode.of(config(false, Authentication.NONE), true));
        assertEquals(Mode.CLUSTER, Mode.of(config(true, Authentication.AUTO), true));
        assertEquals(Mode.LOOPBACK_ONLY, Mode.of(config(true, Authentication.AUTO), false));
        assertEquals(Mode.CLUSTER, Mode.of(config(true, Authentication.KUBERNETES), false));
        assertEquals(Mode.OPEN, Mode.of(config(true, Authentication.NONE), true));
    }

    @Test
    void offAnswers404ToEveryone() {
        Refused refused = assertInstanceOf(Refused.class, decide(Mode.OFF, null, "127.0.0.1"));

        assertEquals(Response.Status.NOT_FOUND, refused.status());
        assertEquals("the dry-run and audit API is off (weighbridge.api.enabled=false)", refused.reason());
        assertEquals(
                1.0,
                meters.get(MetricNames.API_REQUESTS)
                        .tag("result", "off")
                        .tag("endpoint", "checks")
                        .counter()
                        .count());
    }

    @Test
    void withoutAKubernetesApiOnlyLoopbackCallersAreAnswered() {
        assertInstanceOf(Granted.class, decide(Mode.LOOPBACK_ONLY, null, "127.0.0.1"));
        assertInstanceOf(Granted.class, decide(Mode.LOOPBACK_ONLY, null, "0:0:0:0:0:0:0:1"));
        Refused remote = assertInstanceOf(Refused.class, decide(Mode.LOOPBACK_ONLY, "Bearer anything", "10.1.2.3"));

        assertEquals(Response.Status.FORBIDDEN, remote.status());
        assertTrue(remote.reason().startsWith("no Kubernetes API to authenticate callers with"), remote.reason());
    }

    @Test
    void aRequiredClusterWithoutAKubernetesApiIsUnavailableNotOpen() {
        Refused refused = assertInstanceOf(Refused.class, decide(Mode.CLUSTER, "Bearer abc", "127.0.0.1"));

        assertEquals(Response.Status.SERVICE_UNAVAILABLE, refused.status());
        assertEquals(
                "cannot authenticate the caller: the Kubernetes API did not answer the TokenReview"
                        + " (no Kubernetes API is configured)",
                refused.reason());
    }

    @Test
    void openLetsAnyoneInButNeverWithPullSecrets() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        try {
            ClusterReviews withApi = new ClusterReviews(Optional.of(server.createClient()), Duration.ofSeconds(10));
            ApiAccess open = new ApiAccess(Mode.OPEN, withApi, meters);

            Granted granted = assertInstanceOf(
                    Granted.class,
                    open.authorize(null, "192.0.2.7", ResourceAccess.CHECK).get());

            assertFalse(granted.caller().authenticated());
            assertEquals(
                    Optional.of(
                            "the pull secrets of namespace shop were not used: the caller is not authenticated"
                                    + " (weighbridge.api.authentication=none); weighed anonymously and with the webhook's auth file"),
                    open.whyNotPullSecrets(granted.caller(), "shop").get());
        } finally {
            server.destroy();
        }
    }

    @Test
    void withoutAKubernetesApiThereAreNoPullSecretsToWithhold() throws Exception {
        ApiAccess local = new ApiAccess(Mode.LOOPBACK_ONLY, NO_API, meters);

        assertEquals(
                Optional.empty(),
                local.whyNotPullSecrets(Caller.UNAUTHENTICATED, "shop").get());
    }

    @Test
    void onlyAWellFormedBearerTokenIsSentForReview() {
        assertEquals(Optional.of("abc.def-ghi_j"), ApiAccess.bearerToken("Bearer abc.def-ghi_j"));
        assertEquals(Optional.of("abc"), ApiAccess.bearerToken("bearer   abc "));
        assertEquals(Optional.empty(), ApiAccess.bearerToken("Basic dXNlcjpwYXNz"));
        assertEquals(Optional.empty(), ApiAccess.bearerToken("Bearer "));
        assertEquals(Optional.empty(), ApiAccess.bearerToken("Bearer two words"));
        assertEquals(Optional.empty(), ApiAccess.bearerToken("Bearer " + "a".repeat(16 * 1024 + 1)));
    }

    @Test
    void loopbackIsOnlyEverAnAddressNeverANameToResolve() {
        assertTrue(ApiAccess.isLoopback("127.0.0.1"));
        assertTrue(ApiAccess.isLoopback("127.8.9.10"));
        assertTrue(ApiAccess.isLoopback("::1"));
        assertFalse(ApiAccess.isLoopback("localhost"));
        assertFalse(ApiAccess.isLoopback("10.0.0.1"));
        assertFalse(ApiAccess.isLoopback(null));
    }

    private ApiDecision decide(Mode mode, String authorization, String remoteHost) {
        return new ApiAccess(mode, NO_API, meters)
                .authorize(authorization, remoteHost, ResourceAccess.CHECK)
                .join();
    }

    private static ApiAccessConfig config(boolean enabled, Authentication authentication) {
        return new ApiAccessConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Authentication authentication() {
                return authentication;
            }

            @Override
            public Duration reviewCacheTtl() {
                return Duration.ofSeconds(10);
            }
        };
    }
}
