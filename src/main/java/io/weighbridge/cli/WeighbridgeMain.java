package io.weighbridge.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.List;
import java.util.OptionalInt;

/**
 * The one entry point of the jar and the container image: {@code serve} (or nothing) runs the
 * webhook; any other command runs as a quiet, portless command-line tool on the same beans.
 */
@QuarkusMain
public class WeighbridgeMain implements QuarkusApplication {

    @Inject
    CdiCommandFactory factory;

    public static void main(String... args) {
        if (!serves(args)) {
            OptionalInt answeredWithoutBeans = WeighbridgeCommand.answerWithoutBeans(args);
            if (answeredWithoutBeans.isPresent()) {
                System.exit(answeredWithoutBeans.getAsInt());
            }
            CommandMode.quietenBeforeStart();
        }
        Quarkus.run(WeighbridgeMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (serves(args)) {
            Quarkus.waitForExit();
            return 0;
        }
        return WeighbridgeCommand.commandLine(factory).execute(args);
    }

    /** Only the bare {@code serve} serves; {@code serve --help} and typos go to picocli. */
    static boolean serves(String... args) {
        return args.length == 0 || List.of(args).equals(List.of(ServeCommand.NAME));
    }
}
