package io.weighbridge.cli;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import jakarta.enterprise.context.ApplicationScoped;
import picocli.CommandLine;

/**
 * Lets picocli create commands as CDI beans, so they get the engine and readers injected; any
 * class that is not a bean (picocli's own helpers) comes from picocli's default factory.
 */
@ApplicationScoped
public class CdiCommandFactory implements CommandLine.IFactory {
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    @Override
    public <K> K create(Class<K> type) throws Exception {
        InstanceHandle<K> bean = Arc.container().instance(type);
        return bean.isAvailable() ? bean.get() : fallback.create(type);
    }
}
