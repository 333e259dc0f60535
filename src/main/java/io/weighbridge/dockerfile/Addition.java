package io.weighbridge.dockerfile;

/**
 * Something a layer adds that a later layer might remove.
 *
 * @param target an absolute path, or a package name
 * @param isPackage {@code target} is a package
 * @param line the instruction that added it
 * @param copied it came in by COPY or ADD
 */
record Addition(String target, boolean isPackage, int line, boolean copied) {}
