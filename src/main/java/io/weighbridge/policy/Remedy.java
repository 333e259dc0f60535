package io.weighbridge.policy;

/**
 * How to make an image smaller, chosen from the instruction that made its largest layer. The
 * advice follows the remedies of the design's background reading.
 */
enum Remedy {
    APT("use --no-install-recommends and rm -rf /var/lib/apt/lists/* in the same RUN"),
    APK("use apk add --no-cache, and --virtual .build-deps ... && apk del .build-deps in the same RUN"),
    DNF("use --setopt=install_weak_deps=False and dnf clean all in the same RUN"),
    PIP("use pip install --no-cache-dir, and a multi-stage build to leave compilers behind"),
    NODE("clean the npm/yarn cache in the same RUN; copy only the build output in a multi-stage build"),
    CONTENT("keep data out of the image: add a .dockerignore, mount or download data at run time"),
    BASE("start FROM a small base (alpine, distroless, scratch), with a multi-stage build if you need compilers"),
    GENERAL("use a multi-stage build that copies only the result onto a small base (alpine, distroless, scratch)");

    private final String advice;

    Remedy(String advice) {
        this.advice = advice;
    }

    String advice() {
        return advice;
    }

    /** The remedy for a layer made by {@code step}; a package step that already cleans up gets the general advice. */
    static Remedy forStep(BuildStep step) {
        if (step.copiesContent()) {
            return CONTENT;
        }
        if (step.runs("apt-get install", "apt install")) {
            return step.runs("--no-install-recommends") && step.runs("/var/lib/apt/lists") ? GENERAL : APT;
        }
        if (step.runs("apk add")) {
            return step.runs("--no-cache") ? GENERAL : APK;
        }
        if (step.runs("dnf install", "yum install", "microdnf install")) {
            return step.runs("clean all") ? GENERAL : DNF;
        }
        if (step.runs("pip install", "pip3 install")) {
            return step.runs("--no-cache-dir") ? GENERAL : PIP;
        }
        if (step.runs("npm install", "npm ci", "yarn", "pnpm install")) {
            return NODE;
        }
        return GENERAL;
    }
}
