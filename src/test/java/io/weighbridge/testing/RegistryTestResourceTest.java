package io.weighbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class RegistryTestResourceTest {

    @ConfigProperty(name = "weighbridge.registry.plain-http")
    List<String> plainHttp;

    @ConfigProperty(name = "weighbridge.registry.allowed-networks")
    List<String> allowedNetworks;

    @ConfigProperty(name = "weighbridge.registry.auth-file")
    Path authFile;

    @ConfigProperty(name = RegistryTestResource.REGISTRY_PROPERTY)
    String registry;

    @ConfigProperty(name = RegistryTestResource.AUTH_REGISTRY_PROPERTY)
    String authRegistry;

    @Test
    void pointsTheWebhookAtBothFixtureRegistriesOverPlainHttpWithTheAuthFile() {
        Fixtures fixtures = Fixtures.get();

        assertEquals(
                List.of(
                        fixtures.plainRegistry().hostPort(),
                        fixtures.authRegistry().hostPort()),
                plainHttp);
        assertEquals(List.of("127.0.0.0/8"), allowedNetworks);
        assertEquals(fixtures.authFile(), authFile);
        assertTrue(Files.isRegularFile(authFile));
        assertEquals(fixtures.plainRegistry().hostPort(), registry);
        assertEquals(fixtures.authRegistry().hostPort(), authRegistry);
    }

    @Test
    void quarkusClassLoaderSeesTheSameLiveRegistriesAsTheSystemClassLoader() throws Exception {
        Class<?> systemCopy = Class.forName(Fixtures.class.getName(), true, ClassLoader.getSystemClassLoader());
        Object systemFixtures = systemCopy.getMethod("get").invoke(null);
        Object systemRegistry = systemCopy.getMethod("plainRegistry").invoke(systemFixtures);
        String systemHostPort =
                (String) systemRegistry.getClass().getMethod("hostPort").invoke(systemRegistry);

        assertEquals(systemHostPort, registry);
        HttpResponse<Void> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertEquals(200, answer.statusCode());
    }
}
