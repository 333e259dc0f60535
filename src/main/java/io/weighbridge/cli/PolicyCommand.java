package io.weighbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code policy}: groups the policy subcommands. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Work with ImageSizePolicy files.",
        subcommands = PolicyLintCommand.class)
class PolicyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (lint)");
    }
}
