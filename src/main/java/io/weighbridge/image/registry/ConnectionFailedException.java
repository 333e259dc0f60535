package io.weighbridge.image.registry;

/**
 * The connection failed before any answer (refused, closed, no route): an idempotent request may
 * be sent again, which {@link Retries} does while the deadline allows.
 */
final class ConnectionFailedException extends RegistryException {
    ConnectionFailedException(String reason, String outcome) {
        super(reason, true, outcome);
    }
}
