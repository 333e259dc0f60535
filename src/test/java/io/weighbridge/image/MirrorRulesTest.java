package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weighbridge.image.MirrorRules.Candidate;
import io.weighbridge.image.MirrorSets.AppliesTo;
import io.weighbridge.image.MirrorSets.Rule;
import io.weighbridge.image.MirrorSets.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mirror files as the cluster prints them, read through fabric8's config.openshift.io/v1 model, and what they mean. */
class MirrorRulesTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private static MirrorSets parse(String yaml) {
        return (MirrorSets) MirrorRules.parse(yaml, "mirrors.yaml");
    }

    /** {@code mirror quay.example/app:1}, {@code source quay.io/app:1 [not contacted …]}. */
    static List<String> candidates(MirrorRules rules, String image) {
        return rules.candidates(ImageReference.parse(image)).stream()
                .map(candidate -> candidate.role().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + candidate.reference() + (candidate.refusal() == null ? "" : " [" + candidate.refusal() + "]"))
                .toList();
    }

    @Test
    void readsAnImageDigestMirrorSetAsOcGetPrintsIt() {
        MirrorSets rules = parse("""
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata:
                  creationTimestamp: "2024-05-02T09:14:03Z"
                  generation: 1
                  name: ubi9
                  resourceVersion: "48211"
                  uid: 6f1f5c3e-2d1e-4c55-9e77-0c1a2b3c4d5e
                spec:
                  imageDigestMirrors:
                  - mirrors:
                    - mirror.corp.example:5000/ubi9
                    - backup.corp.example/ubi9
                    source: registry.redhat.io/ubi9
                    mirrorSourcePolicy: NeverContactSource
                status: {}
                """);

        assertEquals(
                List.of(new Rule(
                        new Scope("registry.redhat.io", "ubi9"),
                        List.of(
                                new Scope("mirror.corp.example:5000", "ubi9"),
                                new Scope("backup.corp.example", "ubi9")),
                        AppliesTo.DIGESTS,
                        true)),
                rules.rules());
        assertEquals(
                List.of(
                        "mirror mirror.corp.example:5000/ubi9/ubi-minimal@" + DIGEST,
                        "mirror backup.corp.example/ubi9/ubi-minimal@" + DIGEST,
                        "source registry.redhat.io/ubi9/ubi-minimal@" + DIGEST
                                + " [not contacted (NeverContactSource)]"),
                candidates(rules, "registry.redhat.io/ubi9/ubi-minimal@" + DIGEST));
        // Digest rules leave references by tag at the source.
        assertEquals(
                List.of("source registry.redhat.io/ubi9/ubi-minimal:9.4"),
                candidates(rules, "registry.redhat.io/ubi9/ubi-minimal:9.4"));
    }

    @Test
    void anImageTagMirrorSetAppliesToTagsOnlyAndTriesTheSourceLast() {
        MirrorSets rules = parse("""
                apiVersion: config.openshift.io/v1
                kind: ImageTagMirrorSet
                metadata:
                  name: hub
                spec:
                  imageTagMirrors:
                  - source: docker.io/library
                    mirrors: [mirror.corp.example/hub/library]
                """);

        assertEquals(
                List.of("mirror mirror.corp.example/hub/library/nginx:1.27", "source docker.io/library/nginx:1.27"),
                candidates(rules, "nginx:1.27"));
        assertEquals(List.of("source docker.io/library/nginx@" + DIGEST), candidates(rules, "nginx@" + DIGEST));
    }

    @Test
    void readsTheListOcGetPrintsForSeveralObjects() {
        // `oc get imagedigestmirrorset,imagetagmirrorset -o yaml`
        MirrorSets rules = parse("""
                apiVersion: v1
                kind: List
                metadata:
                  resourceVersion: ""
                items:
                - apiVersion: config.openshift.io/v1
                  kind: ImageDigestMirrorSet
                  metadata: {name: quay}
                  spec:
                    imageDigestMirrors:
                    - source: quay.io/acme
                      mirrors: [mirror.corp.example/acme]
                - apiVersion: config.openshift.io/v1
                  kind: ImageTagMirrorSet
                  metadata: {name: quay-tags}
                  spec:
                    imageTagMirrors:
                    - source: quay.io/acme
                      mirrors: [tags.corp.example/acme]
                """);

        assertEquals(
                List.of("mirror mirror.corp.example/acme/app@" + DIGEST, "source quay.io/acme/app@" + DIGEST),
                candidates(rules, "quay.io/acme/app@" + DIGEST));
        assertEquals(
                List.of("mirror tags.corp.example/acme/app:1", "source quay.io/acme/app:1"),
                candidates(rules, "quay.io/acme/app:1"));
    }

    @Test
    void readsTheApisOwnListWhoseItemsNameNoKind() {
        MirrorSets rules = parse("""
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSetList
                items:
                - metadata: {name: one}
                  spec:
                    imageDigestMirrors:
                    - {source: quay.io/acme, mirrors: [one.corp.example/acme]}
                - metadata: {name: two}
                  spec:
                    imageDigestMirrors:
                    - {source: quay.io/acme, mirrors: [two.corp.example/acme], mirrorSourcePolicy: NeverContactSource}
                """);

        // Rules for the same source merge in file order; one NeverContactSource keeps the source out.
        assertEquals(
                List.of(
                        "mirror one.corp.example/acme/app@" + DIGEST,
                        "mirror two.corp.example/acme/app@" + DIGEST,
                        "source quay.io/acme/app@" + DIGEST + " [not contacted (NeverContactSource)]"),
                candidates(rules, "quay.io/acme/app@" + DIGEST));
    }

    @Test
    void onlyTheMostSpecificSourceApplies() {
        MirrorSets rules = parse("""
                kind: ImageDigestMirrorSet
                spec:
                  imageDigestMirrors:
                  - source: quay.io
                    mirrors: [all.corp.example]
                  - source: quay.io/acme/app
                    mirrors: [app.corp.example/app]
                ---
                kind: RegistryMirrors
                spec:
                  mirrors:
                  - source: docker.io/library
                    mirrors: [mirror.corp.example/hub/library]
                    pullFrom: all
                """);

        assertEquals(
                List.of("mirror app.corp.example/app@" + DIGEST, "source quay.io/acme/app@" + DIGEST),
                candidates(rules, "quay.io/acme/app@" + DIGEST));
        assertEquals(
                List.of("mirror all.corp.example/acme/other@" + DIGEST, "source quay.io/acme/other@" + DIGEST),
                candidates(rules, "quay.io/acme/other@" + DIGEST));
        // registries.conf's pull-from-mirror = "all", written as pullFrom: all
        assertEquals(
                List.of("mirror mirror.corp.example/hub/library/alpine:3", "source docker.io/library/alpine:3"),
                candidates(rules, "alpine:3"));
        assertEquals(
                List.of(Candidate.source(ImageReference.parse("ghcr.io/x/y:1"))),
                rules.candidates(ImageReference.parse("ghcr.io/x/y:1")));
    }

    @Test
    void aSetWithoutEntriesAddsNoRule() {
        // The field is optional in config.openshift.io/v1, and fabric8's model cannot tell it absent from empty.
        assertEquals(
                List.of(),
                parse("kind: ImageDigestMirrorSet\nmetadata: {name: empty}\nspec: {}\n")
                        .rules());
        assertEquals(
                List.of(),
                parse("kind: ImageTagMirrorSet\nspec:\n  imageTagMirrors: []\n").rules());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            'kind: ImageDigestMirrorSet\\nspec:\\n  imageDigestMirrors:\\n  - source: quay.io/a\\n    mirrors: m.example/a\\n' | mirrors.yaml document 1: spec.imageDigestMirrors[0].mirrors: must be a list
            'kind: ImageDigestMirrorSet\\nspec:\\n  imageDigestMirrors:\\n  - source: [quay.io/a]\\n' | mirrors.yaml document 1: spec.imageDigestMirrors[0].source: must be a string
            'kind: ImageDigestMirrorSet\\nspec:\\n  imageDigestMirrors: {source: quay.io/a}\\n' | mirrors.yaml document 1: spec.imageDigestMirrors: must be a list
            'kind: ImageTagMirrorSet\\nspec:\\n  imageTagMirrors:\\n  - source: quay.io/a\\n    mirrors: [m.example/a]\\n    mirrorSourcePolcy: NeverContactSource\\n' | mirrors.yaml document 1: spec.imageTagMirrors[0].mirrorSourcePolcy: unknown field
            'kind: ImageTagMirrorSet\\nspec:\\n  imageTagMirrors:\\n  - source: quay.io/a\\n    mirrors: [m.example/a]\\n    mirrorSourcePolicy: Never\\n' | mirrors.yaml document 1: spec.imageTagMirrors[0].mirrorSourcePolicy: must be AllowContactSource or NeverContactSource
            'kind: ImageDigestMirrorSet\\nspec:\\n  imageDigestMirrors:\\n  - source: quay.io/a\\n    mirrorSourcePolicy: NeverContactSource\\n' | mirrors.yaml document 1: spec.imageDigestMirrors[0]: NeverContactSource needs at least one mirror
            'kind: ImageDigestMirrorSet\\nspec:\\n  imageDigestMirrors:\\n  - mirrors: [m.example/a]\\n' | mirrors.yaml document 1: spec.imageDigestMirrors[0].source: missing
            'kind: ImageDigestMirrorSet\\nspec:\\n  imageDigestMirrors:\\n  - source: \"*.quay.io\"\\n    mirrors: [m.example/a]\\n' | mirrors.yaml document 1: spec.imageDigestMirrors[0].source: '*.quay.io' is not a registry[/repository] (wildcards are not supported)
            '---\\nkind: RegistryMirrors\\nspec:\\n  mirrors: []\\n---\\nkind: RegistryMirrors\\nspec:\\n  mirrors:\\n  - source: quay.io/a\\n    pullfrom: tags\\n' | mirrors.yaml document 2: spec.mirrors[0].pullfrom: unknown field
            'kind: RegistryMirrors\\nspec:\\n  mirrors:\\n  - source: quay.io/a\\n    pullFrom: sometimes\\n' | mirrors.yaml document 1: spec.mirrors[0].pullFrom: must be digests, tags or all
            'kind: List\\nitems:\\n- kind: ImageContentSourcePolicy\\n' | mirrors.yaml document 1 items[0]: kind must be RegistryMirrors, ImageDigestMirrorSet, ImageTagMirrorSet or a List of them, not 'ImageContentSourcePolicy'
            'kind: ImageDigestMirrorSet\\nspec: [\\n' | mirrors.yaml: not valid YAML
            """)
    void aMistakeIsOneLineNamingFileDocumentAndField(String yaml, String expected) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> parse(yaml.replace("\\n", "\n")));
        String message = refused.getMessage();
        assertEquals(
                expected,
                message.startsWith("mirrors.yaml: not valid YAML") ? "mirrors.yaml: not valid YAML" : message);
        assertFalse(message.contains("\n"), message);
        assertFalse(message.contains("io.fabric8"), "names Java classes: " + message);
    }
}
