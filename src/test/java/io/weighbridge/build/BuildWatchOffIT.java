package io.weighbridge.build;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.BuildStatusOutputBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.weighbridge.metrics.Scrape;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The default: {@code weighbridge.builds.watch-enabled=false}. A cluster is there, and nothing asks it about builds. */
@QuarkusTest
@TestProfile(BuildWatchOffProfile.class)
@WithKubernetesTestServer
class BuildWatchOffIT {

    @TestHTTPResource(value = "/q/metrics", management = true)
    URL metricsUrl;

    @KubernetesTestServer
    KubernetesServer apiServer;

    @Inject
    KubernetesClient client;

    @Inject
    BuildWatch watch;

    @Test
    void withTheWatchOffNoBuildIsListedWatchedOrWeighedAndNoLeaseIsTaken() throws InterruptedException {
        PushedImage big = Fixtures.get().big();
        Build build = BuildFiles.read("running.yaml");
        build.getMetadata().setResourceVersion(null);
        build.getStatus().setOutputDockerImageReference(big.reference().toString());
        client.resource(build).create();
        client.resources(Build.class)
                .inNamespace("shop")
                .withName("storefront-3")
                .edit(b -> {
                    b.getStatus().setPhase("Complete");
                    b.getStatus().setCompletionTimestamp(Instant.now().toString());
                    b.getStatus()
                            .setOutput(new BuildStatusOutputBuilder()
                                    .withNewTo()
                                    .withImageDigest(big.digest())
                                    .endTo()
                                    .build());
                    return b;
                });

        List<String> asked = requestsSinceStart();
        assertThat(
                "the test's own requests were recorded",
                asked,
                hasItem(startsWith("POST /apis/build.openshift.io/v1/namespaces/shop/builds")));
        assertThat(
                "nothing lists or watches builds across namespaces",
                asked.stream()
                        .filter(line -> line.contains(" /apis/build.openshift.io/v1/builds"))
                        .toList(),
                is(empty()));
        assertThat(
                "no Lease is taken",
                asked.stream().filter(line -> line.contains("/leases")).toList(),
                is(empty()));
        assertFalse(watch.watching());
        Scrape metrics = Scrape.parse(given().port(metricsUrl.getPort())
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(metrics.named(BuildWatchIT.OUTPUTS), is(empty()));
        assertThat(metrics.named(BuildWatchIT.SIZE + "_count"), is(empty()));
    }

    /** Every request line the mock API server received since Quarkus started. */
    private List<String> requestsSinceStart() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        RecordedRequest request;
        while ((request = apiServer.getKubernetesMockServer().takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            lines.add(request.getRequestLine());
        }
        return lines;
    }
}
