package dev.distlab.gateway.routing;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.common.problem.ProblemException;
import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.balancer.ExcludedInstances;
import dev.distlab.gateway.balancer.Upstreams;
import dev.distlab.gateway.health.FailureKind;
import dev.distlab.gateway.health.HealthTracker;
import dev.distlab.gateway.health.Upstream;
import dev.distlab.gateway.metrics.UpstreamMetrics;
import dev.distlab.gateway.routing.UpstreamExchange.Outcome;
import reactor.core.publisher.Mono;

/**
 * Sends a routed request to one instance of the service and deals with the outcome:
 * <ol>
 * <li>asks the service's LoadBalancer for an instance (leaving out any already tried);</li>
 * <li>counts the request, sends it ({@link UpstreamExchange}), relays the answer, and tells the health tracker and
 * the metrics how it went;</li>
 * <li>a request of any method whose connection could not be opened (refused, connect timeout, no route: it provably
 * never left) goes to the next instance, each instance at most once; its body was read whole first, so it can be
 * sent again. A GET or HEAD whose connection broke before any answer is also retried, once ({@link RetryRule}).
 * Nothing else is retried: a POST, PUT, PATCH or DELETE that reached an instance may already have been applied, a
 * timeout may mean the request is still running;</li>
 * <li>with no instance to send to: 503 at once; when the upstream failed and no retry happened: 502, or 504 for a
 * timeout, as problem+json saying what happened.</li>
 * </ol>
 * Runs in the client connection's event loop and never blocks it: an injected outgoing fault, which may hold a
 * request for seconds, is waited out on {@code faultWaits}.
 */
final class BalancedProxy {

    private static final Logger log = LoggerFactory.getLogger(BalancedProxy.class);
    private static final Duration CHOOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String service;
    private final ReactiveLoadBalancer.Factory<ServiceInstance> loadBalancers;
    private final BalancerRegistry registry;
    private final HealthTracker health;
    private final UpstreamMetrics metrics;
    private final UpstreamTimeouts timeouts;
    private final OutgoingFaults faults;
    private final Executor faultWaits;
    private final UpstreamConnections connections;
    private final ProxyTracing tracing;
    private volatile ReactiveLoadBalancer<ServiceInstance> loadBalancer;

    BalancedProxy(String service, ReactiveLoadBalancer.Factory<ServiceInstance> loadBalancers,
            BalancerRegistry registry, HealthTracker health, UpstreamMetrics metrics, UpstreamTimeouts timeouts,
            OutgoingFaults faults, Executor faultWaits, UpstreamConnections connections, ProxyTracing tracing) {
        this.service = service;
        this.loadBalancers = loadBalancers;
        this.registry = registry;
        this.health = health;
        this.metrics = metrics;
        this.timeouts = timeouts;
        this.faults = faults;
        this.faultWaits = faultWaits;
        this.connections = connections;
        this.tracing = tracing;
    }

    /** Sends the request to an instance and relays its answer, or answers a problem when none answered. */
    void forward(ProxyRequest request, ClientSink client) {
        new Forwarding(request, client).next();
    }

    private record Failure(Upstream upstream, FailureKind kind, String detail) {
    }

    /** One client request's way through the instances. */
    private final class Forwarding {

        private final ProxyRequest request;
        private final ClientSink client;
        private final HttpMethod method;
        private final Duration readTimeout;
        private final io.micrometer.tracing.Span span;
        private final Set<String> tried = new LinkedHashSet<>();
        private final List<Failure> failures = new ArrayList<>(0);
        private final int attempts;
        private int attempt;

        Forwarding(ProxyRequest request, ClientSink client) {
            this.request = request;
            this.client = client;
            this.method = HttpMethod.valueOf(request.method().name());
            this.readTimeout = timeouts.forRequest(request.path(), request.query());
            this.span = tracing.start(request);
            // each instance at most once: the choice leaves out those tried
            this.attempts = Math.max(1, registry.instancesOf(service).size());
        }

        void next() {
            Optional<ServiceInstance> chosen = ++attempt <= attempts ? choose(tried) : Optional.empty();
            if (chosen.isEmpty()) {
                answer(failures.isEmpty() ? noInstance() : failed(method, failures, readTimeout));
                return;
            }
            Upstream upstream = Upstreams.of(chosen.get());
            tried.add(upstream.id());
            registry.countRequest(service, upstream.id());
            if (!faults.anyInForce()) { // the usual case: no target to work out
                send(upstream);
                return;
            }
            OutgoingFaults.Plan plan = faults.plan(upstream.uri().resolve(request.uri()), upstream.id());
            if (plan.isNone()) {
                send(upstream);
                return;
            }
            // injected faults act as the network would: a refused connection is tried elsewhere like a real one
            long start = System.nanoTime();
            try {
                faultWaits.execute(() -> {
                    try {
                        faults.carryOut(plan, readTimeout);
                        client.eventLoop().execute(() -> send(upstream));
                    } catch (IOException e) {
                        client.eventLoop().execute(() -> outcome(upstream,
                                new Outcome(UpstreamExchange.Result.NOT_ANSWERED, 0, System.nanoTime() - start, e)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the gateway is shutting down
                    }
                });
            } catch (RejectedExecutionException e) {
                answer(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                        "Too many requests are held by injected faults; this one was not sent"));
            }
        }

        private void send(Upstream upstream) {
            URI base = upstream.uri();
            int port = base.getPort() >= 0 ? base.getPort() : 80;
            new UpstreamExchange(connections, client,
                    ProxyHeaders.toUpstream(request, base.getHost() + ":" + port, tracing.headers(span)),
                    request.isHead(), base.getHost(), port, readTimeout, outcome -> outcome(upstream, outcome))
                    .start();
        }

        private void outcome(Upstream upstream, Outcome outcome) {
            switch (outcome.result()) {
                case ANSWERED -> {
                    recordAnswer(upstream, method.name(), outcome.status(), outcome.nanos());
                    tracing.end(span, upstream, outcome.status(), null);
                }
                case CLIENT_GONE -> {
                    if (outcome.status() > 0) { // the client went away, not the upstream
                        recordAnswer(upstream, method.name(), outcome.status(), outcome.nanos());
                    }
                    tracing.end(span, upstream, outcome.status(), null);
                }
                case BROKE_MIDWAY -> {
                    recordBrokenAnswer(upstream, method.name(), outcome, true);
                    tracing.end(span, upstream, outcome.status(), outcome.error());
                }
                case BROKE_BEFORE_BODY -> {
                    recordBrokenAnswer(upstream, method.name(), outcome, false);
                    answer(new ProblemException(HttpStatus.BAD_GATEWAY, "The answer of " + service + " instance "
                            + upstream.label() + " broke off before its body ("
                            + UpstreamFailure.describe(outcome.error()) + ")"
                            + (RetryRule.isSafe(method) ? "" : "; the request may or may not have been applied")));
                }
                case NOT_ANSWERED -> notAnswered(upstream, outcome);
            }
        }

        private void notAnswered(Upstream upstream, Outcome outcome) {
            FailureKind kind = UpstreamFailure.classify(outcome.error()).orElse(FailureKind.IO);
            String detail = UpstreamFailure.describe(outcome.error());
            metrics.record(upstream, method.name(), outcomeOf(kind), "none", outcome.nanos());
            health.recordFailure(upstream, kind, detail);
            boolean tryAnother = RetryRule.mayTryAnotherInstance(method, kind,
                    failures.stream().anyMatch(f -> f.kind() == FailureKind.IO));
            failures.add(new Failure(upstream, kind, detail));
            if (!tryAnother) {
                answer(failed(method, failures, readTimeout));
                return;
            }
            if (attempt < attempts) {
                log.info("{} {} {}; trying another instance of {}", method.name(), request.path(),
                        kind == FailureKind.CONNECT
                                ? "was not sent: " + upstream.label() + " could not be reached (" + detail + ")"
                                : "lost its connection to " + upstream.label() + " before an answer (" + detail + ")",
                        service);
            }
            next();
        }

        private void answer(ProblemException problem) {
            tracing.end(span, null, problem.getProblem().getStatus(), null);
            client.problem(problem);
        }
    }

    /** The upstream's answer broke off mid-body: a failure of the instance, like a connection broken earlier. */
    private void recordBrokenAnswer(Upstream upstream, String method, Outcome outcome, boolean began) {
        String detail = UpstreamFailure.describe(outcome.error());
        metrics.record(upstream, method, outcomeOf(FailureKind.IO), Integer.toString(outcome.status()),
                outcome.nanos());
        health.recordFailure(upstream, FailureKind.IO, detail);
        log.info("The answer of {} broke off {} ({})", upstream.label(),
                began ? "after part of it was relayed" : "before any of its body", detail);
    }

    private void recordAnswer(Upstream upstream, String method, int status, long nanos) {
        String outcome = status >= 500 ? "server_error" : status >= 400 ? "client_error" : "success";
        metrics.record(upstream, method, outcome, Integer.toString(status), nanos);
        // 503 is how the services say "the cluster cannot do this now" (no quorum, participant unavailable), and
        // 507 "the config store is at its space quota": answers about the cluster, from an instance that works,
        // so they do not count against the instance
        if (status >= 500 && status != 503 && status != 507) {
            health.recordFailure(upstream, FailureKind.SERVER_ERROR, "HTTP " + status);
        } else {
            health.recordSuccess(upstream);
        }
    }

    private Optional<ServiceInstance> choose(Set<String> tried) {
        ReactiveLoadBalancer<ServiceInstance> loadBalancer = this.loadBalancer;
        if (loadBalancer == null) { // looked up once: each lookup goes through the service's child context
            loadBalancer = loadBalancers.getInstance(service);
            if (loadBalancer == null) {
                return Optional.empty();
            }
            this.loadBalancer = loadBalancer;
        }
        // the instance lists come from configuration: the answer is there at once, and block() does not wait
        Response<ServiceInstance> response = Mono
                .from(loadBalancer.choose(new DefaultRequest<>(new ExcludedInstances(tried))))
                .block(CHOOSE_TIMEOUT);
        return response != null && response.hasServer() ? Optional.of(response.getServer()) : Optional.empty();
    }

    private ProblemException noInstance() {
        ProblemException problem = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "No instance of " + service
                + " is available: every instance is out of the rotation (failing its readiness check or ejected "
                + "after failures) or drained with weight 0. See GET /api/gateway/balancers/" + service);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return problem;
    }

    private ProblemException failed(HttpMethod method, List<Failure> failures, Duration readTimeout) {
        Failure last = failures.get(failures.size() - 1);
        StringBuilder detail = new StringBuilder();
        for (Failure failure : failures) {
            if (!detail.isEmpty()) {
                detail.append("; then ");
            }
            detail.append(switch (failure.kind()) {
                case CONNECT -> service + " instance " + failure.upstream().label() + " could not be reached ("
                        + failure.detail() + ")";
                case TIMEOUT -> service + " instance " + failure.upstream().label() + " did not answer within "
                        + readTimeout.toSeconds() + " s";
                case IO, SERVER_ERROR -> "the connection to " + service + " instance " + failure.upstream().label()
                        + " broke before it answered (" + failure.detail() + ")";
            });
        }
        if (failures.stream().allMatch(f -> f.kind() == FailureKind.CONNECT)) {
            detail.append("; the request was not sent to any instance");
        } else if (last.kind() != FailureKind.CONNECT && !RetryRule.isSafe(method)) {
            detail.append("; the request may or may not have been applied, so it was not sent to another instance");
        }
        HttpStatus status = last.kind() == FailureKind.TIMEOUT ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        return new ProblemException(status, detail.toString());
    }

    private static String outcomeOf(FailureKind kind) {
        return switch (kind) {
            case CONNECT -> "connect_failure";
            case TIMEOUT -> "timeout";
            case IO, SERVER_ERROR -> "io_error";
        };
    }
}
