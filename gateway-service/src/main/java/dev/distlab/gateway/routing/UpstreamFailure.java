package dev.distlab.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

import dev.distlab.gateway.health.FailureKind;

/** Sorts the exception a proxied request failed with into connect failure, timeout or broken connection. */
final class UpstreamFailure {

    private UpstreamFailure() {
    }

    /** The kind of failure, or empty when the exception is not about talking to the upstream. */
    static Optional<FailureKind> classify(Throwable error) {
        boolean io = false;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                return Optional.of(FailureKind.CONNECT);
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return Optional.of(FailureKind.TIMEOUT);
            }
            io |= t instanceof IOException;
        }
        return io ? Optional.of(FailureKind.IO) : Optional.empty();
    }

    /** A short description of the innermost cause, e.g. {@code connection refused}. */
    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                String message = t.getMessage();
                return message == null || message.isBlank() ? "connection refused" : message;
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName()
                : message.split("\\R", 2)[0];
    }
}
