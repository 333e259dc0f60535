package io.weighbridge.dockerfile;

import java.util.List;

/** The official images' Dockerfiles kept as data (sources in src/test/resources/dockerfiles/official/README.md). */
final class OfficialDockerfiles {
    static final List<String> NAMES = List.of(
            "golang-1.27-alpine3.24.Dockerfile",
            "golang-1.27-windowsservercore.Dockerfile",
            "python-3.12-alpine3.24.Dockerfile",
            "python-3.12-slim-bookworm.Dockerfile",
            "nginx-mainline-debian.Dockerfile",
            "nginx-mainline-alpine.Dockerfile");

    private OfficialDockerfiles() {}
}
