package io.weighbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FixturesTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Expected(
            String name,
            Function<Fixtures, PushedImage> image,
            String mediaType,
            int layers,
            String platform,
            long minBytes,
            long maxBytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Expected> singlePlatformFixtures() {
        return Stream.of(
                new Expected(
                        "alpineBase",
                        Fixtures::alpineBase,
                        MediaTypes.DOCKER_MANIFEST,
                        1,
                        "linux/amd64",
                        700 * KIB,
                        720 * KIB),
                new Expected(
                        "debianBase",
                        Fixtures::debianBase,
                        MediaTypes.DOCKER_MANIFEST,
                        1,
                        "linux/amd64",
                        1536 * KIB,
                        1560 * KIB),
                new Expected(
                        "small", Fixtures::small, MediaTypes.DOCKER_MANIFEST, 2, "linux/amd64", 1212 * KIB, 1240 * KIB),
                new Expected(
                        "big", Fixtures::big, MediaTypes.DOCKER_MANIFEST, 2, "linux/amd64", 7680 * KIB, 7720 * KIB),
                new Expected("oci", Fixtures::oci, MediaTypes.OCI_MANIFEST, 2, "linux/amd64", 956 * KIB, 980 * KIB),
                new Expected(
                        "multiArmBig",
                        Fixtures::multiArmBig,
                        MediaTypes.DOCKER_MANIFEST,
                        2,
                        "linux/arm64",
                        7 * MIB + 1000 * KIB,
                        8 * MIB + 40 * KIB),
                new Expected(
                        "manyLayers",
                        Fixtures::manyLayers,
                        MediaTypes.DOCKER_MANIFEST,
                        45,
                        "linux/amd64",
                        700 * KIB,
                        740 * KIB),
                new Expected(
                        "scratchImage",
                        Fixtures::scratchImage,
                        MediaTypes.DOCKER_MANIFEST,
                        1,
                        "linux/amd64",
                        300 * KIB,
                        310 * KIB),
                new Expected(
                        "privateImage",
                        Fixtures::privateImage,
                        MediaTypes.DOCKER_MANIFEST,
                        2,
                        "linux/amd64",
                        828 * KIB,
                        850 * KIB));
    }

    @ParameterizedTest
    @MethodSource("singlePlatformFixtures")
    void registryServesEachFixtureWithItsMediaTypeLayerCountPlatformAndSize(Expected expected) throws IOException {
        Fixtures fixtures = Fixtures.get();
        PushedImage image = expected.image().apply(fixtures);
        TestRegistry registry = registryOf(fixtures, image);

        RegistryHttpApi.FetchedManifest fetched = registry.api()
                .manifest(image.reference().repository(), image.reference().manifestReference());
        JsonNode manifest = JSON.readTree(fetched.body());
        JsonNode config = JSON.readTree(registry.api()
                .blob(
                        image.reference().repository(),
                        manifest.path("config").path("digest").asText()));

        assertEquals(expected.mediaType(), fetched.mediaType());
        assertEquals(image.digest(), fetched.digest());
        assertEquals(expected.layers(), manifest.path("layers").size());
        assertEquals(expected.layers(), image.layerCount());
        assertEquals(
                expected.platform(),
                config.path("os").asText() + "/" + config.path("architecture").asText());
        assertEquals(expected.platform(), image.platform());
        assertEquals(descriptorTotal(manifest), image.sizeBytes());
        assertTrue(
                image.sizeBytes() >= expected.minBytes() && image.sizeBytes() <= expected.maxBytes(),
                expected.name() + " weighs " + image.sizeBytes() + " bytes");
    }

    @Test
    void dockerManifestListAndOciIndexEachOfferAmd64AndArm64() throws IOException {
        Fixtures fixtures = Fixtures.get();
        RegistryHttpApi api = fixtures.plainRegistry().api();

        RegistryHttpApi.FetchedManifest list = api.manifest("app/multi", "1.0");
        RegistryHttpApi.FetchedManifest index = api.manifest("app/multi-oci", "1.0");

        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, list.mediaType());
        assertEquals(fixtures.multiArch().digest(), list.digest());
        assertEquals(
                Map.of("linux/amd64", MediaTypes.DOCKER_MANIFEST, "linux/arm64", MediaTypes.DOCKER_MANIFEST),
                mediaTypeByPlatform(list));
        assertEquals(fixtures.multiArmBig().digest(), digestByPlatform(list).get("linux/arm64"));
        assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
        assertEquals(fixtures.multiArchOci().digest(), index.digest());
        assertEquals(
                Map.of("linux/amd64", MediaTypes.OCI_MANIFEST, "linux/arm64", MediaTypes.OCI_MANIFEST),
                mediaTypeByPlatform(index));
    }

    @Test
    void indexFixturesAreMeasuredByTheirAmd64ManifestOfAboutOneMebibyte() {
        Fixtures fixtures = Fixtures.get();
        for (PushedImage index : List.of(fixtures.multiArch(), fixtures.multiArchOci())) {
            assertEquals("linux/amd64", index.platform());
            assertEquals(2, index.layerCount());
            assertTrue(
                    index.sizeBytes() > 980 * KIB && index.sizeBytes() < 1030 * KIB,
                    index + " weighs " + index.sizeBytes());
        }
        assertTrue(fixtures.multiArmBig().sizeBytes() > 7 * fixtures.multiArch().sizeBytes());
    }

    @Test
    void authRegistryRefusesAnonymousReadsAndAcceptsTheFixtureCredentials() throws Exception {
        Fixtures fixtures = Fixtures.get();
        URI manifest = URI.create("http://" + fixtures.authRegistry().hostPort() + "/v2/team/private/manifests/1.0");
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (fixtures.authUser() + ":" + fixtures.authPassword()).getBytes(StandardCharsets.UTF_8));
        String wrong = "Basic "
                + Base64.getEncoder().encodeToString((fixtures.authUser() + ":wrong").getBytes(StandardCharsets.UTF_8));

        HttpResponse<Void> anonymous = get(manifest, null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(401, get(manifest, wrong).statusCode());
        assertEquals(200, get(manifest, basic).statusCode());
    }

    @Test
    void authFileHoldsTheAuthRegistryCredentialsInDockerConfigFormat() throws IOException {
        Fixtures fixtures = Fixtures.get();
        JsonNode auths = JSON.readTree(fixtures.authFile().toFile()).path("auths");

        assertEquals(List.of(fixtures.authRegistry().hostPort()), fieldNames(auths));
        String auth =
                auths.path(fixtures.authRegistry().hostPort()).path("auth").asText();
        assertEquals(
                fixtures.authUser() + ":" + fixtures.authPassword(),
                new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8));
    }

    @Test
    void alpineBaseLayerIdentifiesAlpine() throws IOException {
        Map<String, TarFile> layer = onlyLayer(Fixtures.get().alpineBase());

        String osRelease = layer.get("etc/os-release").text();
        assertTrue(osRelease.contains("\nID=alpine\n"), osRelease);
        assertTrue(osRelease.contains("\nVERSION_ID=3.20.3\n"), osRelease);
        assertTrue(osRelease.contains("PRETTY_NAME=\"Alpine Linux v3.20\""), osRelease);
        assertEquals("3.20.3\n", layer.get("etc/alpine-release").text());
    }

    @Test
    void debianBaseLinksOsReleaseIntoUsrLibLikeRealDebian() throws IOException {
        Map<String, TarFile> layer = onlyLayer(Fixtures.get().debianBase());

        assertEquals("../usr/lib/os-release", layer.get("etc/os-release").linkTarget());
        String osRelease = layer.get("usr/lib/os-release").text();
        assertTrue(osRelease.contains("\nID=debian\n"), osRelease);
        assertTrue(osRelease.contains("\nVERSION_ID=\"12\"\n"), osRelease);
        assertTrue(layer.containsKey("etc/debian_version"));
    }

    @Test
    void scratchImageHoldsABinaryAndNoOsRelease() throws IOException {
        Map<String, TarFile> layer = onlyLayer(Fixtures.get().scratchImage());

        assertFalse(layer.containsKey("etc/os-release"));
        assertFalse(layer.containsKey("usr/lib/os-release"));
        assertEquals("\u007fELF", new String(layer.get("server").content(), 0, 4, StandardCharsets.ISO_8859_1));
    }

    @Test
    void bigImageHistoryBlamesAptGetForItsLargestLayer() throws IOException {
        PushedImage big = Fixtures.get().big();
        RegistryHttpApi api = Fixtures.get().plainRegistry().api();
        JsonNode manifest = JSON.readTree(api.manifest("app/big", "1.0").body());
        JsonNode config = JSON.readTree(
                api.blob("app/big", manifest.path("config").path("digest").asText()));

        List<String> layerHistory = new ArrayList<>();
        for (JsonNode entry : config.path("history")) {
            if (!entry.path("empty_layer").asBoolean(false)) {
                layerHistory.add(entry.path("created_by").asText());
            }
        }
        assertEquals(List.of(FixtureSetup.DEBIAN_ADD, FixtureSetup.APT_GET_BUILD_ESSENTIAL), layerHistory);
        assertEquals(
                big.largestLayerBytes(),
                manifest.path("layers").get(1).path("size").asLong());
        assertTrue(big.largestLayerBytes() > 6 * MIB);
    }

    @Test
    void derivedImagesReuseTheirBaseLayerBlob() throws IOException {
        Fixtures fixtures = Fixtures.get();
        String alpineLayer = firstLayerDigest(fixtures.alpineBase());
        String debianLayer = firstLayerDigest(fixtures.debianBase());

        for (PushedImage image : List.of(
                fixtures.small(),
                fixtures.oci(),
                fixtures.manyLayers(),
                fixtures.multiArmBig(),
                fixtures.privateImage())) {
            assertEquals(alpineLayer, firstLayerDigest(image), image.toString());
        }
        assertEquals(debianLayer, firstLayerDigest(fixtures.big()));
    }

    @Test
    void sharedFixtureRegistriesRefuseToBeClosed() throws Exception {
        Fixtures fixtures = Fixtures.get();

        assertThrows(
                UnsupportedOperationException.class,
                () -> fixtures.plainRegistry().close());
        assertThrows(
                UnsupportedOperationException.class,
                () -> fixtures.authRegistry().close());
        assertEquals(
                200,
                get(URI.create("http://" + fixtures.plainRegistry().hostPort() + "/v2/"), null)
                        .statusCode());
    }

    @Test
    void closingARegistryStopsItAndDeletesItsStorage() throws Exception {
        TestRegistry registry = TestRegistry.start();
        URI base = URI.create("http://" + registry.hostPort() + "/v2/");
        Path workDirectory = registry.logFile().getParent();
        assertEquals(200, get(base, null).statusCode());

        registry.close();

        assertThrows(ConnectException.class, () -> get(base, null));
        assertFalse(Files.exists(workDirectory));
    }

    private record TarFile(byte[] content, String linkTarget) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, TarFile> onlyLayer(PushedImage image) throws IOException {
        assertEquals(1, image.layerCount());
        Fixtures fixtures = Fixtures.get();
        TestRegistry registry = registryOf(fixtures, image);
        JsonNode manifest = JSON.readTree(registry.api()
                .manifest(image.reference().repository(), image.digest())
                .body());
        byte[] gzip = registry.api()
                .blob(
                        image.reference().repository(),
                        manifest.path("layers").get(0).path("digest").asText());
        Map<String, TarFile> files = new HashMap<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gzip)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName().replaceFirst("^/", "");
                files.put(name, new TarFile(tar.readAllBytes(), entry.isSymbolicLink() ? entry.getLinkName() : null));
            }
        }
        return files;
    }

    private static String firstLayerDigest(PushedImage image) throws IOException {
        TestRegistry registry = registryOf(Fixtures.get(), image);
        JsonNode manifest = JSON.readTree(registry.api()
                .manifest(image.reference().repository(), image.digest())
                .body());
        return manifest.path("layers").get(0).path("digest").asText();
    }

    private static TestRegistry registryOf(Fixtures fixtures, PushedImage image) {
        return image.reference().registry().equals(fixtures.authRegistry().hostPort())
                ? fixtures.authRegistry()
                : fixtures.plainRegistry();
    }

    private static long descriptorTotal(JsonNode manifest) {
        long total = manifest.path("config").path("size").asLong();
        for (JsonNode layer : manifest.path("layers")) {
            total += layer.path("size").asLong();
        }
        return total;
    }

    private static Map<String, String> mediaTypeByPlatform(RegistryHttpApi.FetchedManifest index) throws IOException {
        return byPlatform(index, "mediaType");
    }

    private static Map<String, String> digestByPlatform(RegistryHttpApi.FetchedManifest index) throws IOException {
        return byPlatform(index, "digest");
    }

    private static Map<String, String> byPlatform(RegistryHttpApi.FetchedManifest index, String field)
            throws IOException {
        Map<String, String> values = new HashMap<>();
        for (JsonNode entry : JSON.readTree(index.body()).path("manifests")) {
            JsonNode platform = entry.path("platform");
            values.put(
                    platform.path("os").asText() + "/"
                            + platform.path("architecture").asText(),
                    entry.path(field).asText());
        }
        return values;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static HttpResponse<Void> get(URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", MediaTypes.ACCEPT_ANY_MANIFEST);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }
}
