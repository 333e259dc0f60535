package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.image.RegistriesConf.Mirror;
import io.weighbridge.image.RegistriesConf.PullFrom;
import io.weighbridge.image.RegistriesConf.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * containers-registries.conf files as nodes have them ({@code src/test/resources/registries-conf/}),
 * where each sends an image, and every mistake in one line naming the file's line.
 */
class RegistriesConfTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private static RegistriesConf read(String file) {
        try (InputStream in = RegistriesConfTest.class.getResourceAsStream("/registries-conf/" + file)) {
            return assertInstanceOf(
                    RegistriesConf.class,
                    MirrorRules.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file, an image, and where a node tries it, in order ({@code role reference [refusal]}, joined by " | "). */
    record Pull(String file, String image, String expected) {
        @Override
        public String toString() {
            return file + ": " + image;
        }
    }

    static Stream<Pull> pulls() {
        return Stream.of(
                // The man page's example: mirrors in order, then the prefix moved to its location.
                new Pull(
                        "man-page-example.conf",
                        "example.com/foo/image:latest",
                        "mirror example-mirror-0.local/mirror-for-foo/image:latest | mirror example-mirror-1.local/mirrors/foo/image:latest"
                                + " | location internal-registry-for-example.com/bar/image:latest"),
                new Pull(
                        "man-page-example.conf",
                        "registry.com/image:latest",
                        "mirror mirror.registry.com/image:latest | source registry.com/image:latest"),
                new Pull("man-page-example.conf", "example.com/other:1", "source example.com/other:1"),
                // OpenShift: NeverContactSource is a blocked source; digest-only mirrors leave tags at the source.
                new Pull(
                        "openshift-mirror-sets.conf",
                        "quay.io/openshift-release-dev/ocp-release@" + DIGEST,
                        "mirror mirror.corp.example:5000/ocp4/openshift4@" + DIGEST
                                + " | source quay.io/openshift-release-dev/ocp-release@" + DIGEST
                                + " [blocked by openshift-mirror-sets.conf line 7 (prefix quay.io/openshift-release-dev/ocp-release):"
                                + " nodes will not pull it either]"),
                new Pull(
                        "openshift-mirror-sets.conf",
                        "quay.io/openshift-release-dev/ocp-release:4.16.3-x86_64",
                        "source quay.io/openshift-release-dev/ocp-release:4.16.3-x86_64 [blocked by openshift-mirror-sets.conf line 7"
                                + " (prefix quay.io/openshift-release-dev/ocp-release): nodes will not pull it either]"),
                new Pull(
                        "openshift-mirror-sets.conf",
                        "quay.io/openshift-release-dev/ocp-v4.0-art-dev@" + DIGEST,
                        "mirror mirror.corp.example:5000/ocp4/openshift4@" + DIGEST
                                + " | source quay.io/openshift-release-dev/ocp-v4.0-art-dev@" + DIGEST),
                new Pull(
                        "openshift-mirror-sets.conf",
                        "registry.redhat.io/ubi9/ubi-minimal:9.4",
                        "mirror mirror.corp.example:5000/ubi9/ubi-minimal:9.4 | source registry.redhat.io/ubi9/ubi-minimal:9.4"),
                new Pull(
                        "openshift-mirror-sets.conf",
                        "registry.redhat.io/ubi9/ubi-minimal@" + DIGEST,
                        "mirror mirror.corp.example:5000/ubi9-digests/ubi-minimal@" + DIGEST
                                + " | source registry.redhat.io/ubi9/ubi-minimal@" + DIGEST),
                // A prefix matches at a '/', ':' or '@' boundary only.
                new Pull(
                        "openshift-mirror-sets.conf",
                        "registry.redhat.io/ubi9-init:9.4",
                        "source registry.redhat.io/ubi9-init:9.4"),
                // mirror-by-digest-only, as an ImageContentSourcePolicy rendered.
                new Pull(
                        "openshift-icsp.conf",
                        "registry.redhat.io/rhel8/nginx-120@" + DIGEST,
                        "mirror mirror.corp.example/rhel8/nginx-120@" + DIGEST
                                + " | mirror backup.corp.example/rhel8/nginx-120@" + DIGEST
                                + " | source registry.redhat.io/rhel8/nginx-120@" + DIGEST),
                new Pull(
                        "openshift-icsp.conf",
                        "registry.redhat.io/rhel8/nginx-120:1",
                        "source registry.redhat.io/rhel8/nginx-120:1"),
                // Docker Hub names are normalised before the prefixes are matched.
                new Pull(
                        "dockerhub-pull-through.conf",
                        "nginx:1.27",
                        "mirror hub-cache.corp.example/library/nginx:1.27 | source docker.io/library/nginx:1.27"),
                new Pull(
                        "dockerhub-pull-through.conf",
                        "untrusted/miner:1",
                        "source docker.io/untrusted/miner:1 [blocked by dockerhub-pull-through.conf line 10 (prefix docker.io/untrusted):"
                                + " nodes will not pull it either]"),
                new Pull(
                        "dockerhub-pull-through.conf",
                        "untrustedfriend/app:1",
                        "mirror hub-cache.corp.example/untrustedfriend/app:1 | source docker.io/untrustedfriend/app:1"),
                // Wildcards: the longest prefix wins; an empty location rewrites nothing.
                new Pull(
                        "wildcards.conf",
                        "registry.corp.example/team/app:1",
                        "mirror cache.corp.example/any/team/app:1 | source registry.corp.example/team/app:1"),
                new Pull("wildcards.conf", "x.build.corp.example/app:1", "location builds.corp.example/moved/app:1"),
                new Pull("wildcards.conf", "ci.build.corp.example:5000/app:1", "location ci-mirror.corp.example/app:1"),
                new Pull("wildcards.conf", "evilcorp.example/app:1", "source evilcorp.example/app:1"),
                // containers/image's TestPullSourcesFromReference, registries A to G.
                new Pull(
                        "pull-from-mirror.conf",
                        "registry-a.com/foo/image@" + DIGEST,
                        "mirror mirror-1.registry-a.com/image@" + DIGEST + " | mirror mirror-2.registry-a.com/image@"
                                + DIGEST + " | location registry-a.com/bar/image@" + DIGEST),
                new Pull(
                        "pull-from-mirror.conf",
                        "registry-a.com/foo/image:aaa",
                        "mirror mirror-1.registry-a.com/image:aaa | mirror mirror-2.registry-a.com/image:aaa | location registry-a.com/bar/image:aaa"),
                new Pull(
                        "pull-from-mirror.conf",
                        "registry-b.com/foo/image@" + DIGEST,
                        "mirror mirror-1.registry-b.com/image@" + DIGEST + " | mirror mirror-2.registry-b.com/image@"
                                + DIGEST + " | location registry-b.com/bar/image@" + DIGEST),
                new Pull(
                        "pull-from-mirror.conf",
                        "registry-b.com/foo/image:aaa",
                        "location registry-b.com/bar/image:aaa"),
                new Pull(
                        "pull-from-mirror.conf",
                        "registry-c.com/baz/image@" + DIGEST,
                        "mirror mirror-1.registry-c.com/image@" + DIGEST + " | mirror mirror-2.registry-c.com/image@"
                                + DIGEST + " | location registry-c.com/bar/image@" + DIGEST),
                new Pull(
                        "pull-from-mirror.conf",
                        "registry-c.com/baz/image:aaa",
                        "mirror mirror-1.registry-c.com/image:aaa | location registry-c.com/bar/image:aaa"),
                new Pull(
                        "pull-from-mirror.conf",
                        "registry-e.com/baz/image@" + DIGEST,
                        "location registry-e.com/bar/image@" + DIGEST),
                new Pull(
                        "pull-from-mirror.conf",
                        "registry-e.com/baz/image:aaa",
                        "mirror mirror-1.registry-e.com/image:aaa | mirror mirror-2.registry-e.com/image:aaa | location registry-e.com/bar/image:aaa"),
                new Pull(
                        "pull-from-mirror.conf",
                        "registry-g.com/baz/image@" + DIGEST,
                        "mirror mirror-1.registry-g.com/image@" + DIGEST + " | mirror mirror-3.registry-g.com/image@"
                                + DIGEST + " | location registry-g.com/bar/image@" + DIGEST),
                new Pull(
                        "pull-from-mirror.conf",
                        "registry-g.com/baz/image:aaa",
                        "mirror mirror-2.registry-g.com/image:aaa | mirror mirror-3.registry-g.com/image:aaa | location registry-g.com/bar/image:aaa"),
                new Pull("workstation-default.conf", "nginx", "source docker.io/library/nginx:latest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pulls")
    void sendsEachImageWhereANodePullsIt(Pull pull) {
        assertEquals(
                Arrays.asList(pull.expected().split(" \\| ")),
                MirrorRulesTest.candidates(read(pull.file()), pull.image()));
    }

    @Test
    void notesWhatItReadsButDoesNotApply() {
        assertEquals(
                List.of(
                        "man-page-example.conf:2: unqualified-search-registries is not applied: Weighbridge reads a short name such as "
                                + "nginx as docker.io/library/nginx, as the reference grammar does, while a CRI-O node searches "
                                + "[\"example.com\"]; name images fully",
                        "man-page-example.conf:15: insecure = true for example-mirror-1.local/mirrors/foo is not applied: Weighbridge "
                                + "always verifies TLS; list the host in weighbridge.registry.plain-http if it serves plain HTTP, or give "
                                + "its CA in weighbridge.registry.ca-file"),
                read("man-page-example.conf").notes());
        assertEquals(
                List.of(
                        "workstation-default.conf:3: unqualified-search-registries",
                        "workstation-default.conf:6: short-name-mode"),
                read("workstation-default.conf").notes().stream()
                        .map(note -> note.substring(0, note.indexOf(" is not applied")))
                        .toList());
    }

    /** containers/image's TestRewriteReferenceSuccess: the prefix replaced by the location (ours add :latest). */
    @ParameterizedTest
    @CsvSource(textBlock = """
            example.com/image,                     example.com,              example.com,         example.com/image:latest
            example.com:5000/image:latest,         example.com:5000,         example.com:5000,    example.com:5000/image:latest
            example.com/foo/image:latest,          example.com/foo,          example.com,         example.com/image:latest
            example.com/foo/image:latest,          example.com/foo,          example.com/path,    example.com/path/image:latest
            docker.io/library/image,               docker.io/library,        example.com,         example.com/image:latest
            docker.io/library/image,               docker.io,                example.com,         example.com/library/image:latest
            docker.io/library/prefix/image,        docker.io/library/prefix, example.com,         example.com/image:latest
            docker.io/namespace/image,             *.io,                     example.com,         example.com/namespace/image:latest
            another.sub.example.io:5000/library/prefix/image:latest, *.sub.example.io, example.com, example.com:5000/library/prefix/image:latest
            foo.bar.io/ns1/ns2/ns3/ns4,            *.bar.io,                 omg.bbq.com/roflmao, omg.bbq.com/roflmao/ns1/ns2/ns3/ns4:latest
            """)
    void aLocationReplacesThePrefix(String image, String prefix, String location, String moved) {
        RegistriesConf conf =
                new RegistriesConf(List.of(new Registry(prefix, location, List.of(), false, false, "test")), List.of());

        assertEquals(
                moved,
                conf.candidates(ImageReference.parse(image)).get(0).reference().toString());
    }

    @Test
    void aWildcardWithoutLocationKeepsTheImageAndALocationThatBreaksTheNameIsRefused() {
        RegistriesConf conf = new RegistriesConf(
                List.of(new Registry(
                        "*.foobar.io",
                        "",
                        List.of(new Mirror("Mirror.example/UPPER", PullFrom.ALL)),
                        false,
                        false,
                        "test line 3")),
                List.of());

        List<MirrorRules.Candidate> candidates =
                conf.candidates(ImageReference.parse("alien.vs.predator.foobar.io/omg:bbq"));

        assertEquals(
                "test line 3 moves it to an invalid reference \"Mirror.example/UPPER/omg:bbq\": repository must be lowercase: "
                        + "UPPER/omg",
                candidates.get(0).refusal());
        assertEquals(
                MirrorRules.Candidate.source(ImageReference.parse("alien.vs.predator.foobar.io/omg:bbq")),
                candidates.get(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '[[registry]]\\nprefix = "quay.io/a"\\nlocation = \\n'                                                   | registries.conf:3: not valid TOML (Newline not permitted here)
            '[[registry]]\\nlocation = "quay.io/a"\\n[[registry.mirror]]\\nlocation = "m.example/a"\\npull-from-mirror = "sometimes"\\n' | registries.conf:5: registry[0].mirror[0].pull-from-mirror: must be all, digest-only or tag-only, not "sometimes"
            '[[registry]]\\nlocation = "quay.io/a"\\nmirror-by-digest-only = true\\n[[registry.mirror]]\\nlocation = "m.example/a"\\npull-from-mirror = "all"\\n' | registries.conf:6: registry[0].mirror[0].pull-from-mirror: cannot be set while the registry sets mirror-by-digest-only
            '[[registry]]\\nlocation = "quay.io/a"\\npull-from-mirror = "digest-only"\\n'                            | registries.conf:3: registry[0].pull-from-mirror: belongs in a [[registry.mirror]], not in the registry quay.io/a
            '[[registry]]\\nlocation = "quay.io/a"\\n\\n[[registry.mirror]]\\ninsecure = false\\n'                   | registries.conf:4: registry[0].mirror[0].location: missing
            '[[registry]]\\nblocked = true\\n'                                                                      | registries.conf:1: registry[0]: sets neither prefix nor location
            '# a comment\\n[[registry]]\\nprefix = "quay.io/a"\\n'                                                  | registries.conf:3: registry[0].location: missing; only a *.example.com prefix may go without one
            '[[registry]]\\nlocation = "https://quay.io/a"\\n'                                                     | registries.conf:2: registry[0].location: "https://quay.io/a": URI schemes are not supported
            '[[registry]]\\nlocation = "quay.io/a"\\nmirror-by-digest = true\\n'                                    | registries.conf:3: registry[0].mirror-by-digest: unknown setting
            '[[registry]]\\nlocation = "quay.io/a"\\nblocked = "yes"\\n'                                            | registries.conf:3: registry[0].blocked: must be true or false
            '[[registry]]\\nlocation = "quay_io/a"\\n'                                                             | registries.conf:2: registry[0].location: "quay_io/a" is not a registry[/repository]: registry host may contain only letters, digits and '-' (not at either end of a part), in parts separated by '.': quay_io
            '[[registry]]\\nprefix = "*.corp.example/team"\\n'                                                      | registries.conf:2: registry[0].prefix: "*.corp.example/team" is not a registry[/repository]: a wildcard prefix is a *.domain alone, without port or path
            '[[registry]]\\nlocation = "registry.com"\\n[[registry]]\\nprefix = "registry.com/x"\\nlocation = "registry.com"\\nblocked = true\\n' | registries.conf:3: registry registry.com is defined again with another blocked setting than at registries.conf line 1
            '[registries.search]\\nregistries = ["quay.io"]\\n'                                                    | registries.conf:1: the version 1 format ([registries.search], [registries.insecure], [registries.block]) is not read; write [[registry]] tables (containers-registries.conf(5))
            'unqualified-search-registries = ["quay.io"]\\nshort-name-mode = "enforcing"\\nmirrors = true\\n'       | registries.conf:3: mirrors: unknown setting
            """)
    void aMistakeIsOneLineNamingTheFileLineAndSetting(String toml, String expected) {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> MirrorRules.parse(toml.replace("\\n", "\n"), "registries.conf"));

        assertEquals(expected, refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
    }

    @Test
    void theFirstTableOfAPrefixCountsAsOnTheNodes() {
        RegistriesConf conf = (RegistriesConf) MirrorRules.parse("""
                [[registry]]
                location = "quay.io/acme"
                [[registry.mirror]]
                location = "first.example/acme"

                [[registry]]
                location = "quay.io/acme"
                [[registry.mirror]]
                location = "second.example/acme"
                """, "registries.conf");

        assertEquals(
                List.of("mirror first.example/acme/app:1", "source quay.io/acme/app:1"),
                MirrorRulesTest.candidates(conf, "quay.io/acme/app:1"));
        assertEquals(
                List.of(
                        "registries.conf:6: prefix quay.io/acme is already set by an earlier [[registry]]: this one is not "
                                + "applied, as on the nodes"),
                conf.notes());
    }

    @Test
    void aBrokenMirrorsFileIsWhyNoImageCanBeWeighedInOneLineWithoutJavaNames(@TempDir Path temp) throws IOException {
        Path file = Files.writeString(
                temp.resolve("registries.conf"),
                "[[registry]]\nlocation = \"quay.io/a\"\n[[registry.mirror]]\nlocation = \"m.example/a\"\npull-from-mirror = \"sometimes\"\n");
        RegistryConfig config = ConfigOverrides.of(TestRegistryConfig.forLocal("127.0.0.1:5000"))
                .mirrors(file);

        WeighingException refused = assertThrows(WeighingException.class, () -> MirrorRules.fromConfig(config));

        assertEquals(
                "weighbridge.registry.mirrors-file " + file
                        + ":5: registry[0].mirror[0].pull-from-mirror: must be all, "
                        + "digest-only or tag-only, not \"sometimes\"",
                refused.getMessage());
        WeighingException missing = assertThrows(
                WeighingException.class,
                () -> MirrorRules.fromConfig(ConfigOverrides.of(TestRegistryConfig.forLocal("127.0.0.1:5000"))
                        .mirrors(temp.resolve("gone.conf"))));
        assertTrue(
                missing.getMessage()
                        .startsWith("weighbridge.registry.mirrors-file " + temp.resolve("gone.conf")
                                + ": cannot be read ("),
                missing.getMessage());
    }

    @Test
    void aConfOrTomlFileIsReadAsTomlAndAYamlFileAsYamlWhateverItsName(@TempDir Path temp) throws IOException {
        String toml = "[[registry]]\nlocation = \"quay.io/acme\"\n[[registry.mirror]]\nlocation = \"m.example/acme\"\n";
        String yaml =
                "kind: RegistryMirrors\nspec:\n  mirrors:\n  - source: quay.io/acme\n    mirrors: [m.example/acme]\n    pullFrom: all\n";

        assertInstanceOf(
                RegistriesConf.class, MirrorRules.load(Files.writeString(temp.resolve("registries.conf"), toml)));
        assertInstanceOf(
                RegistriesConf.class,
                MirrorRules.load(Files.writeString(temp.resolve("mirrors"), "# node file\n" + toml)));
        assertInstanceOf(MirrorSets.class, MirrorRules.load(Files.writeString(temp.resolve("mirrors.yaml"), yaml)));
        assertInstanceOf(
                MirrorSets.class, MirrorRules.load(Files.writeString(temp.resolve("mirrors.txt"), "---\n" + yaml)));
        IllegalArgumentException named = assertThrows(
                IllegalArgumentException.class,
                () -> MirrorRules.load(Files.writeString(temp.resolve("broken.conf"), "[[registry]]\nlocation = 5\n")));
        assertTrue(
                named.getMessage()
                        .startsWith(temp.resolve("broken.conf") + ":2: registry[0].location: must be a string"),
                named.getMessage());
    }
}
