package io.weighbridge.dockerfile;

import java.util.Set;

/** Packages that compile software and are not needed to run it. */
final class BuildPackages {
    private static final Set<String> NAMES = Set.of(
            "build-base",
            "build-essential",
            "gcc",
            "g++",
            "make",
            "cmake",
            "autoconf",
            "automake",
            "libtool",
            "musl-dev",
            "libc-dev",
            "libc6-dev",
            "linux-headers",
            "clang",
            "cargo",
            "rust",
            "go",
            "golang",
            "gcc-c++",
            "maven",
            "gradle",
            "openjdk-17-jdk",
            "openjdk-21-jdk",
            "default-jdk");

    private BuildPackages() {}

    static boolean isBuildPackage(String name) {
        String bare = name.replaceAll("[=<>~].*$", "");
        return NAMES.contains(bare) || bare.endsWith("-dev") || bare.endsWith("-devel");
    }
}
