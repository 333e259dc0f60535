package io.weighbridge.dockerfile;

/**
 * What weighing the final base found, for the lint to judge rather than the name on the
 * {@code FROM} line.
 *
 * @param description the detected distribution and version ({@code alpine 3.20.3})
 * @param preferred whether it is one of the policies' preferred bases, as the size rules judge it
 */
public record DetectedBase(String description, boolean preferred) {}
