package io.weighbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code serve}: documented here for {@code --help}; {@link WeighbridgeMain} serves before
 * picocli runs, because the webhook needs the HTTP settings a command switches off.
 */
@Command(
        name = ServeCommand.NAME,
        mixinStandardHelpOptions = true,
        description = {
            "Run the admission webhook (the default when no command is given).",
            "Configured by application.properties, -D options and WEIGHBRIDGE_* variables."
        })
class ServeCommand implements Runnable {
    static final String NAME = "serve";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "serve takes no arguments");
    }
}
