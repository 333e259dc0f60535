package io.weighbridge.workload;

/**
 * One container's image in an object.
 *
 * @param container the container's name, prefixed for init and ephemeral containers
 *     ({@code init:migrate}, {@code ephemeral:debugger})
 * @param image the image exactly as written
 */
public record ContainerImage(String container, String image) {}
