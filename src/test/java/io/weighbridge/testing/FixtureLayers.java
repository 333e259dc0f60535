package io.weighbridge.testing;

import java.util.List;
import java.util.stream.IntStream;

/** The contents of every fixture layer. Seeds are fixed so digests and sizes never change. */
final class FixtureLayers {
    static final int KIB = 1024;

    static final LayerContent ALPINE_BASE = LayerContent.named("alpine-base")
            .text("etc/os-release", """
                    NAME="Alpine Linux"
                    ID=alpine
                    VERSION_ID=3.20.3
                    PRETTY_NAME="Alpine Linux v3.20"
                    HOME_URL="https://alpinelinux.org/"
                    BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
                    """)
            .text("etc/alpine-release", "3.20.3\n")
            .executable("bin/busybox", LayerContent.seededBytes(1, 420 * KIB))
            .randomFile("lib/ld-musl-x86_64.so.1", 2, 280 * KIB)
            .build();

    /** As in real Debian, etc/os-release is a relative symlink into usr/lib. */
    static final LayerContent DEBIAN_BASE = LayerContent.named("debian-base")
            .text("usr/lib/os-release", """
                    PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                    NAME="Debian GNU/Linux"
                    VERSION_ID="12"
                    VERSION="12 (bookworm)"
                    VERSION_CODENAME=bookworm
                    ID=debian
                    HOME_URL="https://www.debian.org/"
                    """)
            .symlink("etc/os-release", "../usr/lib/os-release")
            .text("etc/debian_version", "12.7\n")
            .executable("usr/bin/bash", LayerContent.seededBytes(3, 1024 * KIB))
            .randomFile("usr/lib/x86_64-linux-gnu/libc.so.6", 4, 512 * KIB)
            .build();

    static final LayerContent SMALL_APP = single("small-app", "app/small.bin", 10, 512 * KIB);
    static final LayerContent BUILD_ESSENTIAL =
            single("build-essential", "usr/lib/gcc/x86_64-linux-gnu/12/cc1", 11, 6 * 1024 * KIB);
    static final LayerContent OCI_APP = single("oci-app", "app/oci.bin", 12, 256 * KIB);
    static final LayerContent MULTI_AMD64_APP = single("multi-amd64-app", "app/multi.bin", 13, 300 * KIB);
    static final LayerContent MULTI_ARM64_APP =
            single("multi-arm64-app", "app/multi.bin", 14, 7 * 1024 * KIB + 300 * KIB);
    static final LayerContent PRIVATE_APP = single("private-app", "app/private.bin", 15, 128 * KIB);
    static final LayerContent STATIC_BINARY = LayerContent.named("static-binary")
            .executable("server", elfLike(16, 300 * KIB))
            .build();

    /** 44 tiny layers of distinct content, so that no two share a digest. */
    static final List<LayerContent> TINY_LAYERS = IntStream.rangeClosed(1, 44)
            .mapToObj(i -> single("tiny-" + i, "app/parts/part-%02d.bin".formatted(i), 100 + i, 64))
            .toList();

    private FixtureLayers() {}

    private static LayerContent single(String name, String path, long seed, int size) {
        return LayerContent.named(name).randomFile(path, seed, size).build();
    }

    private static byte[] elfLike(long seed, int size) {
        byte[] bytes = LayerContent.seededBytes(seed, size);
        byte[] magic = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        return bytes;
    }
}
