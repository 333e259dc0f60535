package io.weighbridge.image;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The webhook's weighing parts, wired once from the configuration: the registry client on the
 * application's Vert.x, pull secrets through the cluster's API when one is configured (then the
 * auth file), metrics to the application's registry; released at shutdown.
 */
@ApplicationScoped
class RegistryWeigherProducer {

    @Produces
    @Singleton
    WeigherParts parts(Vertx vertx, RegistryConfig config, KubernetesApi kubernetes, MeterRegistry meters) {
        WeigherBuilder builder = RegistryImageWeigher.builder(vertx, config).meters(meters);
        return builder.pullSecretsFrom(kubernetes.built()).parts();
    }

    void close(@Disposes WeigherParts parts) {
        parts.closing().run();
    }
}
