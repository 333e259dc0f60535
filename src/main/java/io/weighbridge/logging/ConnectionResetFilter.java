package io.weighbridge.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.Locale;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logging.Logger;

/**
 * Keeps Vert.x's "Connection reset" and "Stream reset" ERROR lines out of the console log; they
 * go to DEBUG under {@link #DEMOTED_TO}.
 *
 * <p>Vert.x logs a connection's failure at ERROR, without a request, when nothing on the
 * connection itself listens for it ({@code io.vertx.core.net.impl.ConnectionBase}). A peer that
 * resets a connection (a registry under load, a hostile one, an apiserver that gave up on a
 * stream) is not a failure of weighbridge, and whoever used the connection reports what it cost:
 * the weigher in the finding ("could not weigh … connection reset") and in {@code
 * weighbridge_registry_requests_total{outcome="error"}}, the admission in its decision line. Any
 * other failure Vert.x reports there (a TLS handshake that failed, say) is still logged as it was.
 *
 * <p>Applied to the console by {@code quarkus.log.console.filter=connection-resets}.
 */
@LoggingFilter(name = "connection-resets")
public final class ConnectionResetFilter implements Filter {
    /** The Vert.x logger of connection failures nobody handled. */
    static final String SOURCE = "io.vertx.core.net.impl.ConnectionBase";
    /** Where the demoted lines go, at DEBUG: {@code quarkus.log.category."…".level=DEBUG} shows them. */
    static final String DEMOTED_TO = "io.weighbridge.logging.ConnectionResets";

    private static final Logger DEMOTED = Logger.getLogger(DEMOTED_TO);

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!SOURCE.equals(record.getLoggerName())
                || record.getLevel().intValue() < Level.WARNING.intValue()
                || !isReset(record)) {
            return true;
        }
        DEMOTED.debugf(
                record.getThrown(),
                "%s (a peer reset the connection; whoever used it reports the failure)",
                record.getMessage());
        return false;
    }

    /** A peer that reset or closed the connection or a stream, by the exception's type or words. */
    static boolean isReset(LogRecord record) {
        for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().equals("io.vertx.core.http.StreamResetException")
                    || t instanceof java.nio.channels.ClosedChannelException
                    || describesReset(t.getMessage())) {
                return true;
            }
        }
        return describesReset(record.getMessage());
    }

    private static boolean describesReset(String text) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("connection reset")
                || lower.startsWith("stream reset")
                || lower.startsWith("broken pipe")
                || lower.equals("connection was closed");
    }
}
