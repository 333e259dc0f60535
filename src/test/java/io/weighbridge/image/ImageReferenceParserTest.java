package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.image.InvalidImageReferenceException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a user reads about a broken reference: one line naming the broken part. Which inputs are
 * valid, and their normalised forms, are the table of {@link ReferenceGrammarTest}.
 */
class ImageReferenceParserTest {

    private static InvalidImageReferenceException refused(String reference) {
        return assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(reference));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Nginx:1.27-alpine                 | UPPERCASE  | repository must be lowercase: Nginx
            registry.acme.io/Base/App:1       | UPPERCASE  | repository must be lowercase: Base/App
            nginx:-tag                        | TAG        | tag may contain only letters, digits, '_', '.' and '-', may not start with '.' or '-', and has at most 128 characters: -tag
            nginx:                            | TAG        | tag after ':' is empty
            127.0.0.1:99999/app:1             | PORT       | port must be a number from 1 to 65535: 99999
            registry.example:p/app            | PORT       | port must be a number from 1 to 65535: p
            fc00::1:5000/debian               | HOST       | an IPv6 registry address goes in brackets, as in [fc00::1]:5000: fc00::1:5000
            [fe80::1%eth0]:5000/debian        | HOST       | an IPv6 registry address may contain only hex digits and ':' (no zone, no embedded IPv4): [fe80::1%eth0]
            [fc00::1]:5000                    | REPOSITORY | a registry address needs a repository after it, as in [fc00::1]:5000/app
            bad_host.example/app              | HOST       | registry host may contain only letters, digits and '-' (not at either end of a part), in parts separated by '.': bad_host.example
            docker///docker                   | REPOSITORY | repository path has an empty component (a leading, trailing or doubled '/'): docker///docker
            acme/-app                         | REPOSITORY | repository path components may contain only lowercase letters and digits, separated by '.', '_', '__' or '-': -app
            quay.io/                          | REPOSITORY | repository name is missing
            nginx@sha256:abc                  | DIGEST     | digest must be sha256:<64 hex digits> or sha512:<128 hex digits>, in lowercase: sha256:abc
            https://quay.io/acme/app          | SCHEME     | a reference has no scheme: drop "https://"
            """)
    void namesTheBrokenPart(String reference, Problem problem, String reason) {
        InvalidImageReferenceException invalid = refused(reference);

        assertEquals(problem, invalid.problem());
        assertEquals(reason, invalid.reason());
        assertEquals("invalid image reference \"" + reference + "\": " + reason, invalid.getMessage());
    }

    @Test
    void aSixtyFourHexNameIsAnImageId() {
        String id = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";

        assertEquals(
                "a 64-hex-character name is an image ID, not a repository",
                refused(id).reason());
        assertEquals(
                "docker.io/library/" + id + ":latest",
                ImageReference.parse("docker.io/" + id).toString());
    }

    @Test
    void aRepositoryOverTwoHundredFiftyFiveCharactersIsTooLong() {
        String namespace = "a".repeat(250);

        assertEquals(
                "repository name longer than 255 characters (256)",
                refused(namespace + "/app12").reason());
        assertEquals(
                "docker.io/" + namespace + "/app:latest",
                ImageReference.parse(namespace + "/app").toString());
    }

    @Test
    void aLongOrMultiLineReferenceStaysOneShortLine() {
        InvalidImageReferenceException huge = refused("a".repeat(10_000));
        assertEquals(Problem.TOO_LONG, huge.problem());
        assertTrue(huge.getMessage().length() < 300, huge.getMessage());

        InvalidImageReferenceException multiLine = refused("nginx\n:latest\r\n");
        assertEquals(1, multiLine.getMessage().lines().count(), multiLine.getMessage());
        assertTrue(
                multiLine.getMessage().startsWith("invalid image reference \"nginx :latest\": "),
                multiLine.getMessage());
    }

    @Test
    void anIpv6RegistryKeepsItsBracketsAndPort() {
        ImageReference reference =
                ImageReference.parse("[fc00:1:2:3:4:5:6:7]:5000/library/debian@sha256:" + "f".repeat(64));

        assertEquals("[fc00:1:2:3:4:5:6:7]:5000", reference.registry());
        assertEquals("library/debian", reference.repository());
        assertEquals("sha256:" + "f".repeat(64), reference.manifestReference());
    }

    @Test
    void tagsOfOneRepositoryShareItsRegistryAndRepositoryStrings() {
        // Each parse reads its own copy of the text, as each admission's review does.
        ImageReference first = ImageReference.parse(new String("registry.acme.io:5000/shop/storefront:1.0"));
        ImageReference second = ImageReference.parse(new String("registry.acme.io:5000/shop/storefront:1.1"));
        assertSame(first.registry(), second.registry());
        assertSame(first.repository(), second.repository());
        assertEquals("registry.acme.io:5000/shop/storefront:1.1", second.toString());
    }
}
