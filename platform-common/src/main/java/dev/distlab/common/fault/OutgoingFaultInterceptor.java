package dev.distlab.common.fault;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Passes every call of a {@code RestClient} through {@link OutgoingFaults} before it leaves, whatever request factory
 * sends it, and learns the callee's instance id from each answer. A fault is carried out on the calling thread, as a
 * blocking client would live it: {@code fail} throws {@link java.net.ConnectException}, a {@code drop} that outlasts
 * {@code timeout} (the call's own, which the interceptor cannot read off the request) throws
 * {@link java.net.SocketTimeoutException}, a wait interrupted throws {@link InterruptedIOException} with the thread's
 * interrupt kept. Without a fault in force a call costs one map check.
 */
final class OutgoingFaultInterceptor implements ClientHttpRequestInterceptor {

    private final OutgoingFaults faults;
    private final Duration timeout;

    OutgoingFaultInterceptor(OutgoingFaults faults, Duration timeout) {
        this.faults = faults;
        this.timeout = timeout;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        URI uri = request.getURI();
        if (faults.anyInForce()) {
            try {
                faults.beforeConnection(uri, null, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException interrupted = new InterruptedIOException(
                        "Interrupted while an injected fault held the call to " + uri);
                interrupted.initCause(e);
                throw interrupted;
            }
        }
        ClientHttpResponse response = execution.execute(request, body);
        faults.learn(uri, response.getHeaders().getFirst(OutgoingFaults.INSTANCE_ID_HEADER));
        return response;
    }
}
