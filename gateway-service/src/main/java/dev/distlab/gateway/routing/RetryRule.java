package dev.distlab.gateway.routing;

import org.springframework.http.HttpMethod;

import dev.distlab.gateway.health.FailureKind;

/** Whether a request that failed on one instance may be sent to another. */
final class RetryRule {

    private RetryRule() {
    }

    /**
     * After a connect failure: always, whatever the method, since the request never left the gateway. After a
     * connection that broke once the request was sent: only a GET or HEAD, which change nothing, and only once, so
     * a request that breaks every instance it reaches does not go round all of them. After a timeout or a server
     * error: never, the request may still be running or may have been applied.
     *
     * @param brokeBefore whether an earlier attempt of this request already lost its connection after sending
     */
    static boolean mayTryAnotherInstance(HttpMethod method, FailureKind kind, boolean brokeBefore) {
        return switch (kind) {
            case CONNECT -> true;
            case IO -> isSafe(method) && !brokeBefore;
            case TIMEOUT, SERVER_ERROR -> false;
        };
    }

    /** A method that changes nothing at the upstream, so sending it twice is harmless. */
    static boolean isSafe(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }
}
