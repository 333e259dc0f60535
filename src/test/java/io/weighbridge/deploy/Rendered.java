package io.weighbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Every object of one rendered install (Helm or kustomize), parsed by fabric8's models. */
record Rendered(String source, List<HasMetadata> objects) {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    static Rendered parse(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            KubernetesResource resource = Serialization.unmarshal(document);
            if (!(resource instanceof HasMetadata object)) {
                throw new AssertionError(source + ": not a Kubernetes object:\n" + document);
            }
            objects.add(object);
        }
        return new Rendered(source, List.copyOf(objects));
    }

    TreeSet<String> kinds() {
        TreeSet<String> kinds = new TreeSet<>();
        objects.forEach(o -> kinds.add(o.getKind()));
        return kinds;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertEquals(1, found.size(), source + ": expected exactly one " + type.getSimpleName());
        return found.get(0);
    }

    List<HasMetadata> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }
}
