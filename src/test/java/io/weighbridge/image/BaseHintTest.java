package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a config's label or bottom history line tells of the base ({@link BaseHint}), and what it cannot. */
class BaseHintTest {

    @Test
    void theBaseNameLabelNamesTheDistributionOfOfficialImages() {
        assertEquals(hint("alpine", "3.20"), BaseHint.fromBaseName("docker.io/library/alpine:3.20"));
        assertEquals(hint("debian", "12"), BaseHint.fromBaseName("debian:12-slim"));
        assertEquals(hint("ubuntu", "24.04"), BaseHint.fromBaseName("ubuntu:24.04@sha256:" + "a".repeat(64)));
        assertEquals(hint("debian", null), BaseHint.fromBaseName("debian:bookworm"));
        assertEquals(hint("rhel", "9.4"), BaseHint.fromBaseName("registry.access.redhat.com/ubi9/ubi-minimal:9.4"));
        assertEquals(hint("rhel", null), BaseHint.fromBaseName("registry.access.redhat.com/ubi8"));
        assertEquals(hint("distroless", null), BaseHint.fromBaseName("gcr.io/distroless/static-debian12:nonroot"));
        assertEquals(hint("rocky", "9"), BaseHint.fromBaseName("rockylinux:9"));
        assertEquals(hint("alpine", null), BaseHint.fromBaseName("registry.local:5000/mirror/alpine"));
    }

    @Test
    void aLabelThatNamesNoKnownDistributionIsNoHint() {
        assertEquals(Optional.empty(), BaseHint.fromBaseName("registry.example.com/team/base:1.0"));
        assertEquals(Optional.empty(), BaseHint.fromBaseName("alpine-tools:3"));
        assertEquals(Optional.empty(), BaseHint.fromBaseName(""));
        assertEquals(Optional.empty(), BaseHint.fromBaseName(null));
        assertEquals(Optional.empty(), BaseHint.fromBaseName("alpine:3" + "1".repeat(BaseHint.MAX_LABEL_LENGTH)));
    }

    @Test
    void aVersionIsOnlyDigitsAndDotsSoNoLabelWritesIntoAMessage() {
        assertEquals(hint("alpine", null), BaseHint.fromBaseName("alpine:latest"));
        assertEquals(Optional.empty(), BaseHint.fromBaseName("alpine:3.20\nDenied: call 555"));
        assertEquals(hint("alpine", "3.20"), BaseHint.fromBaseName("ALPINE:3.20"));
    }

    @Test
    void historyLinesThatNameTheBaseAreHintsAndAnAddedFileIsNot() {
        assertEquals(
                hint("alpine", "3.20.3"),
                BaseHint.fromHistory(LayerHistory.readable("ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit")));
        assertEquals(
                hint("alpine", "3.19.1"),
                BaseHint.fromHistory(
                        LayerHistory.readable("/bin/sh -c #(nop) ADD alpine-minirootfs-3.19.1-aarch64.tar.gz /")));
        assertEquals(
                hint("debian", "12"),
                BaseHint.fromHistory(
                        LayerHistory.readable("# debian.sh --arch 'amd64' out/ 'bookworm' '@1720396800'")));
        assertEquals(
                Optional.empty(),
                BaseHint.fromHistory(LayerHistory.readable("/bin/sh -c #(nop) ADD file:5b1e63a3cb04 in / ")));
        assertEquals(Optional.empty(), BaseHint.fromHistory(LayerHistory.readable("RUN apk add alpine-minirootfs")));
        assertEquals(Optional.empty(), BaseHint.fromHistory(null));
    }

    @Test
    void theLabelComesBeforeTheHistoryLine() {
        assertEquals(
                hint("ubuntu", "24.04"), BaseHint.of("ubuntu:24.04", "ADD alpine-minirootfs-3.20.3-x86_64.tar.gz /"));
        assertEquals(
                hint("alpine", "3.20.3"),
                BaseHint.of("registry.example.com/team/base:1.0", "ADD alpine-minirootfs-3.20.3-x86_64.tar.gz /"));
    }

    @Test
    void theConfigsLabelIsReadAndAnOverlongOneIgnored() {
        ImageConfig labelled = ImageConfig.parse(
                "{\"config\":{\"Labels\":{\"org.opencontainers.image.base.name\":\"alpine:3.20\"}}}".getBytes());
        assertEquals(Optional.of("alpine:3.20"), labelled.baseName());
        ImageConfig overlong =
                ImageConfig.parse(("{\"config\":{\"Labels\":{\"org.opencontainers.image.base.name\":\"alpine:"
                                + "3".repeat(300) + "\"}}}")
                        .getBytes());
        assertEquals(Optional.empty(), overlong.baseName());
        assertEquals(
                Optional.empty(),
                ImageConfig.parse("{\"config\":{\"Labels\":null}}".getBytes()).baseName());
    }

    private static Optional<BaseImage> hint(String distribution, String version) {
        return Optional.of(new BaseImage(distribution, version));
    }
}
