package io.weighbridge.testing;

/** The names of the standard fixture images, one per accessor of {@link Fixtures}. */
enum FixtureImage {
    ALPINE_BASE,
    DEBIAN_BASE,
    SMALL,
    BIG,
    OCI,
    MULTI_ARCH,
    MULTI_ARCH_OCI,
    MULTI_ARM_BIG,
    MANY_LAYERS,
    SCRATCH,
    PRIVATE
}
