package io.weighbridge.logging;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * {@code weighbridge.log.json=true} (env {@code WEIGHBRIDGE_LOG_JSON}) switches the console log
 * to one JSON object per line, with the MDC keys as a {@code mdc} object: each admission decision
 * then carries uid, kind, namespace, name, operation, verdict, rules and durationMs as values.
 *
 * <p>Quarkus' own {@code quarkus-logging-json} would be the natural switch, but its deployment
 * artifact is not published on Maven Central for 3.34.2; this uses the JSON formatter of JBoss
 * LogManager, which Quarkus logs through. It takes effect at startup, so the few lines logged
 * before (Quarkus' boot) stay plain text.
 */
@Singleton
public class JsonLogging {
    private final boolean json;

    public JsonLogging(LogConfig config) {
        this.json = config.json();
    }

    void onStart(@Observes StartupEvent event) {
        if (json) {
            useJson(LogContext.getLogContext().getLogger("").getHandlers());
        }
    }

    /** One JSON object per line; MDC as an object, exceptions as a formatted stack trace. */
    public static Formatter formatter() {
        JsonFormatter formatter = new JsonFormatter();
        formatter.setPrintDetails(false);
        formatter.setExceptionOutputType(JsonFormatter.ExceptionOutputType.FORMATTED);
        formatter.setRecordDelimiter("\n");
        return formatter;
    }

    private static void useJson(Handler[] handlers) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler) {
                handler.setFormatter(formatter());
            } else if (handler instanceof ExtHandler nested) {
                useJson(nested.getHandlers());
            }
        }
    }
}
