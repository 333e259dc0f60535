package io.weighbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kustomize and Helm read no file outside their folders, so each carries a copy of policies/. */
class ShippedPolicyCopiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"deploy/base/policies", "charts/weighbridge/policies"})
    void copyMatchesTheRepositoryPolicies(String copy) throws IOException {
        assertEquals(
                files(Path.of("policies")),
                files(Path.of(copy)),
                copy + " differs from policies/: run deploy/sync-policies");
    }

    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }
}
