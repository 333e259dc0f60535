/**
 * Test harness: real registries and fixture images for every registry and admission test.
 *
 * <ul>
 *   <li>{@link io.weighbridge.testing.Fixtures#get()} starts two Debian {@code docker-registry}
 *       processes on 127.0.0.1 (one anonymous, one behind htpasswd) and pushes the standard
 *       images once per JVM; each {@link io.weighbridge.testing.PushedImage} carries the digest,
 *       size, layer count and platform to assert against.</li>
 *   <li>{@link io.weighbridge.testing.RegistryTestResource} hands their addresses and the
 *       docker {@code config.json} to a {@code @QuarkusTest}.</li>
 *   <li>{@link io.weighbridge.testing.TestRegistry#start()} gives a test its own registry to
 *       push into or break; close it when done.</li>
 * </ul>
 *
 * Needs the Debian packages {@code docker-registry} and {@code apache2-utils} (htpasswd).
 */
package io.weighbridge.testing;
