package dev.distlab.coordinator.participant;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.distlab.common.http.ServiceCalls;
import dev.distlab.coordinator.Operation;
import dev.distlab.coordinator.participant.Participants.Participant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the participants' internal bank endpoints (BANK.md) with the cluster token, through Spring's
 * {@link RestClient} (each call a span of the caller's trace). Every call runs on a thread of the given executor, so
 * that calls to several participants go out in parallel, is bounded by a timeout and never completes exceptionally:
 * a failure is a {@link Reply} that says what went wrong.
 */
public class ParticipantClient {

    /** Why a call got no HTTP answer. */
    public enum Failure {
        NONE, TIMEOUT, UNREACHABLE
    }

    /** What a participant answered: an HTTP status and body, or a failure ({@code status} 0). */
    public record Reply(int status, JsonNode body, Failure failure, String detail) {

        public boolean is(int code) {
            return failure == Failure.NONE && status == code;
        }

        public String text(String field) {
            JsonNode value = body == null ? null : body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }

        /** A short description for logs: the status and the problem's detail, or the failure. */
        public String describe() {
            if (failure != Failure.NONE) {
                return (failure == Failure.TIMEOUT ? "no answer in time" : "unreachable") + " (" + detail + ")";
            }
            String problem = text("detail");
            return "HTTP " + status + (problem == null ? "" : ": " + problem);
        }
    }

    /**
     * A prepare body: this branch's operations, who coordinates it, and when the transaction was created (a
     * participant refuses a prepare too old for the branch rows it still keeps).
     */
    public record PrepareBody(String coordinator, String coordinatorUrl, String mode, List<String> participants,
            List<Operation> operations, String createdAt) {
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ServiceCalls http;
    private final String token;
    /** Runs each call (a RestClient call waits on its thread), in the trace of the thread that made it. */
    private final Executor calls;
    /** Runs what follows an answer (callers may block there, e.g. on the database), never the client's own threads. */
    private final Executor callbacks;

    public ParticipantClient(String token, Executor executor) {
        this(token, executor, UnaryOperator.identity());
    }

    /** {@code decorator} wraps the HTTP client (the platform's fault injection). */
    public ParticipantClient(String token, Executor executor, UnaryOperator<HttpClient> decorator) {
        this(token, executor, decorator, RestClient.builder());
    }

    /**
     * {@code restClients}: Spring's builder, which carries the observation registry, so that every call is a span of
     * the caller's trace and sends {@code traceparent}.
     */
    public ParticipantClient(String token, Executor executor, UnaryOperator<HttpClient> decorator,
            RestClient.Builder restClients) {
        this.token = token;
        this.callbacks = executor;
        this.calls = ServiceCalls.inCallersTrace(executor);
        this.http = new ServiceCalls(restClients, decorator.apply(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).executor(executor).connectTimeout(Duration.ofSeconds(1))
                .followRedirects(HttpClient.Redirect.NEVER).build()));
    }

    public CompletableFuture<Reply> prepare(Participant p, String txId, PrepareBody body, Duration timeout) {
        return send(p, HttpMethod.POST, "/internal/bank/transactions/{txId}/prepare", txId,
                JSON.writeValueAsString(body), timeout);
    }

    /** Phase 2: {@code verb} is {@code commit} or {@code abort}. */
    public CompletableFuture<Reply> finish(Participant p, String txId, String verb, Duration timeout) {
        return send(p, HttpMethod.POST, "/internal/bank/transactions/{txId}/" + verb, txId, null, timeout);
    }

    public Reply createAccount(Participant p, String id, long balance, Duration timeout) {
        String body = JSON.writeValueAsString(new NewAccount(id, balance));
        return await(send(p, HttpMethod.POST, "/internal/bank/accounts", null, body, timeout));
    }

    public Reply account(Participant p, String id, Duration timeout) {
        return await(send(p, HttpMethod.GET, "/internal/bank/accounts/{id}", id, null, timeout));
    }

    public CompletableFuture<Reply> freeze(Participant p, String snapshotId, Duration timeout) {
        return send(p, HttpMethod.POST, "/internal/bank/snapshots/{id}", snapshotId, null, timeout);
    }

    public CompletableFuture<Reply> release(Participant p, String snapshotId, Duration timeout) {
        return send(p, HttpMethod.DELETE, "/internal/bank/snapshots/{id}", snapshotId, null, timeout);
    }

    private record NewAccount(String id, long balance) {
    }

    /**
     * One call, on its own thread: {@code template} names the endpoint in the call's metrics and span (its one
     * variable is {@code id}), the request goes to the path with {@code id} in it as it is.
     */
    private CompletableFuture<Reply> send(Participant p, HttpMethod method, String template, String id, String body,
            Duration timeout) {
        String path = id == null ? template : template.substring(0, template.indexOf('{')) + id
                + template.substring(template.indexOf('}') + 1);
        URI uri = URI.create(p.url() + path);
        String what = method.name() + " " + p.id() + path;
        try {
            return CompletableFuture.supplyAsync(() -> call(uri, method, template, body, timeout, what), calls)
                    // a safety net over the request timeout
                    .orTimeout(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .handleAsync((reply, error) -> error == null ? reply : failed(what, error, timeout), callbacks);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(what, e, timeout));
        }
    }

    private Reply call(URI uri, HttpMethod method, String template, String body, Duration timeout, String what) {
        RestClient.RequestBodySpec request = http.within(timeout).method(method).uri(template, ignored -> uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return request.exchange((req, response) -> reply(response.getStatusCode().value(),
                    new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        } catch (ResourceAccessException e) {
            return failed(what, ServiceCalls.cause(e), timeout);
        }
    }

    private static Reply reply(int status, String text) {
        JsonNode body = null;
        if (text != null && !text.isBlank()) {
            try {
                body = JSON.readTree(text);
            } catch (JacksonException e) {
                body = null;
            }
        }
        return new Reply(status, body, Failure.NONE, null);
    }

    private static Reply failed(String what, Throwable error, Duration timeout) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
            return new Reply(0, null, Failure.UNREACHABLE, what + ": could not connect");
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return new Reply(0, null, Failure.TIMEOUT, what + ": no answer within " + timeout.toMillis() + " ms");
        }
        // refused, reset or broken after sending: no answer to act on
        return new Reply(0, null, Failure.UNREACHABLE, what + ": " + e);
    }

    private static Reply await(CompletableFuture<Reply> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, Failure.UNREACHABLE, "interrupted");
        } catch (ExecutionException e) {
            return new Reply(0, null, Failure.UNREACHABLE, String.valueOf(e.getCause()));
        }
    }
}
