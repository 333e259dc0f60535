package io.weighbridge.image.registry;

import io.netty.handler.proxy.ProxyConnectException;
import io.vertx.core.http.HttpClosedException;
import io.weighbridge.image.OneLine;
import io.weighbridge.metrics.MetricNames;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * What went wrong with a connection, in words a person reads: never a Java class name, and the
 * library's own text only where it says something (a TLS failure's reason), cleaned of class
 * names and made safe by {@link OneLine}.
 */
final class FailureWords {
    /** {@code sun.security.provider.certpath.SunCertPathBuilderException: } and the like, with what follows the colon kept. */
    private static final Pattern JAVA_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?::\\s*)?"
            + "|\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b(?::\\s*)?");

    private static final int MAX_DETAIL = 160;
    private static final Pattern PROXY_STATUS = Pattern.compile("status: (\\d{3}.*)$");

    private FailureWords() {}

    /**
     * The failure of an exchange that got no answer, in words: {@code late} for a timeout (ours and
     * the client's race at the same instant: either way the user reads the same reason), retryable
     * when the connection failed before any answer.
     */
    static RegistryException failure(RegistryRequest request, Throwable failure, RegistryException late) {
        if (failure instanceof RegistryException registryException) {
            return registryException;
        }
        String outcome = outcomeOf(failure);
        String where = request.route();
        if (MetricNames.OUTCOME_TIMEOUT.equals(outcome)) {
            return late;
        }
        if (beforeAnyAnswer(failure)) {
            return new ConnectionFailedException(
                    request.description() + ": cannot connect to " + where + " (" + of(failure) + ")", outcome);
        }
        if (tls(failure)) {
            return new RegistryException(
                    request.description() + ": TLS with " + where + " failed (" + tlsReason(failure) + ")",
                    true,
                    outcome);
        }
        return new RegistryException(
                request.description() + ": request to " + where + " failed (" + of(failure) + ")", true, outcome);
    }

    /** The metrics outcome of a failure that ended an exchange before any answer. */
    static String outcomeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return MetricNames.OUTCOME_TIMEOUT;
            }
        }
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException) {
            return MetricNames.OUTCOME_REFUSED;
        }
        return MetricNames.OUTCOME_ERROR;
    }

    /** True for a failure before any answer, after which an idempotent request may safely be sent again. */
    static boolean beforeAnyAnswer(Throwable failure) {
        return failure instanceof ConnectException
                || failure instanceof NoRouteToHostException
                || failure instanceof HttpClosedException
                || failure instanceof ClosedChannelException;
    }

    static boolean tls(Throwable failure) {
        return failure instanceof SSLException || failure.getCause() instanceof SSLException;
    }

    /** {@code connection refused}, {@code TLS failed (unable to find valid certification path …)}, {@code the answer is not valid HTTP}. */
    static String of(Throwable failure) {
        if (failure instanceof ProxyConnectException refused) {
            return proxyAnswer(refused);
        }
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (failure instanceof UnknownHostException) {
            return "unknown host";
        }
        if (failure instanceof HttpClosedException || failure instanceof ClosedChannelException) {
            return "connection closed before an answer";
        }
        if (tls(failure)) {
            return "TLS failed (" + tlsReason(failure) + ")";
        }
        if (root(failure).getClass().getName().startsWith("io.netty.handler.codec")
                || root(failure) instanceof IllegalArgumentException) {
            return "the answer is not valid HTTP";
        }
        return detail(root(failure)).orElse("the connection failed");
    }

    /**
     * What the proxy answered to CONNECT ({@code the proxy answered 407 Proxy Authentication Required}):
     * only the status, since the library's message also carries the proxy's address and auth scheme.
     */
    private static String proxyAnswer(ProxyConnectException refused) {
        Matcher status = PROXY_STATUS.matcher(refused.getMessage() == null ? "" : refused.getMessage());
        return status.find()
                ? "the proxy answered " + OneLine.cap(status.group(1).strip(), MAX_DETAIL)
                : "the proxy refused the tunnel";
    }

    /** Why a TLS handshake failed: the outer exception only says "Failed to create SSL connection", the innermost cause names the reason. */
    static String tlsReason(Throwable failure) {
        return detail(root(failure)).orElse("no reason given");
    }

    private static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static Optional<String> detail(Throwable failure) {
        String message = failure.getMessage() == null
                ? ""
                : JAVA_NAME.matcher(failure.getMessage()).replaceAll("").strip();
        return message.isEmpty() ? Optional.empty() : Optional.of(OneLine.cap(message, MAX_DETAIL));
    }
}
