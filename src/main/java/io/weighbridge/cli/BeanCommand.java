package io.weighbridge.cli;

/**
 * A command that needs CDI beans (the engine, the policy reader) and so a started Quarkus.
 * Commands that are not run at once, without Quarkus.
 */
interface BeanCommand {

    /**
     * Rejects argument combinations picocli cannot express, with a
     * {@link picocli.CommandLine.ParameterException}; called before Quarkus starts.
     */
    default void checkArguments() {}
}
