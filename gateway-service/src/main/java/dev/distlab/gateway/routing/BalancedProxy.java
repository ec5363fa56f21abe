package dev.distlab.gateway.routing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.UriUtils;

import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.web.PayloadTooLargeException;
import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.balancer.ExcludedInstances;
import dev.distlab.gateway.balancer.Upstreams;
import dev.distlab.gateway.health.FailureKind;
import dev.distlab.gateway.health.HealthTracker;
import dev.distlab.gateway.health.Upstream;
import dev.distlab.gateway.metrics.UpstreamMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import reactor.core.publisher.Mono;

/**
 * Sends a routed request to one instance of the service and deals with the outcome:
 * <ol>
 * <li>asks the service's LoadBalancer for an instance (leaving out any already tried);</li>
 * <li>counts the request, sends it ({@link UpstreamClient}), relays the answer, and tells the health tracker
 * and the metrics how it went;</li>
 * <li>a request of any method whose connection could not be opened (refused, connect timeout, no route: it
 * provably never left) goes to the next instance, each instance at most once; its body was read whole first,
 * so it can be sent again. A GET or HEAD whose connection broke before any answer is
 * also retried, once ({@link RetryRule}). Nothing else is retried: a POST, PUT, PATCH or DELETE that reached
 * an instance may already have been applied, a timeout may mean the request is still running;</li>
 * <li>with no instance to send to: 503 at once; when the upstream failed and no retry happened: 502, or 504
 * for a timeout, as problem+json saying what happened.</li>
 * </ol>
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
    private final UpstreamClient client;
    private volatile ReactiveLoadBalancer<ServiceInstance> loadBalancer;

    BalancedProxy(String service, ReactiveLoadBalancer.Factory<ServiceInstance> loadBalancers,
            BalancerRegistry registry, HealthTracker health, UpstreamMetrics metrics, UpstreamTimeouts timeouts,
            OutgoingFaults faults, UpstreamClient client) {
        this.service = service;
        this.loadBalancers = loadBalancers;
        this.registry = registry;
        this.health = health;
        this.metrics = metrics;
        this.timeouts = timeouts;
        this.faults = faults;
        this.client = client;
    }

    private record Failure(Upstream upstream, FailureKind kind, String detail) {
    }

    /**
     * Sends the request to an instance and relays its answer. Throws {@link ProblemException} before anything was
     * written when no instance answered; an {@link IOException} after the answer began means the client or the
     * upstream went away mid-answer, and the container drops the connection.
     */
    void forward(HttpServletRequest request, HttpServletResponse response) throws IOException {
        requireNormalizedPath(request);
        HttpMethod method = HttpMethod.valueOf(request.getMethod());
        // the body is read before the first attempt, so that a request that never left can be sent again whole
        byte[] body = readBody(request);
        Duration readTimeout = timeouts.forRequest(request.getRequestURI(), request.getQueryString());
        Set<String> tried = new LinkedHashSet<>();
        List<Failure> failures = new ArrayList<>();
        // each instance at most once: the choice leaves out those tried
        int attempts = Math.max(1, registry.instancesOf(service).size());
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Optional<ServiceInstance> chosen = choose(tried);
            if (chosen.isEmpty()) {
                break;
            }
            Upstream upstream = Upstreams.of(chosen.get());
            tried.add(upstream.id());
            registry.countRequest(service, upstream.id());
            URI base = upstream.uri();
            long start = System.nanoTime();
            ClassicHttpResponse answer;
            try {
                // injected faults act as the network would: a refused connection is tried elsewhere like a real one
                injectFaults(base.resolve(request.getRequestURI()), upstream.id(), readTimeout);
                answer = client.send(base, request, body, readTimeout);
            } catch (IOException | RuntimeException e) {
                Optional<FailureKind> kind = UpstreamFailure.classify(e);
                if (kind.isEmpty()) {
                    throw e;
                }
                String detail = UpstreamFailure.describe(e);
                metrics.record(upstream, method.name(), outcomeOf(kind.get()), "none", System.nanoTime() - start);
                health.recordFailure(upstream, kind.get(), detail);
                boolean tryAnother = RetryRule.mayTryAnotherInstance(method, kind.get(),
                        failures.stream().anyMatch(f -> f.kind() == FailureKind.IO));
                failures.add(new Failure(upstream, kind.get(), detail));
                if (!tryAnother) {
                    break;
                }
                if (attempt < attempts) {
                    log.info("{} {} {}; trying another instance of {}", method.name(), request.getRequestURI(),
                            kind.get() == FailureKind.CONNECT
                                    ? "was not sent: " + upstream.label() + " could not be reached (" + detail + ")"
                                    : "lost its connection to " + upstream.label() + " before an answer (" + detail
                                            + ")",
                            service);
                }
                continue;
            }
            long nanos = System.nanoTime() - start; // until the answer's headers, as the timer says
            try (answer) {
                UpstreamClient.relay(answer, response);
            } catch (UpstreamClient.UpstreamBrokeException e) {
                recordBrokenAnswer(upstream, method, answer.getCode(), nanos, e, request);
                if (e.began()) {
                    throw e; // part of it reached the client: the dropped connection tells it the answer is cut short
                }
                throw new ProblemException(HttpStatus.BAD_GATEWAY, "The answer of " + service + " instance "
                        + upstream.label() + " broke off before its body (" + UpstreamFailure.describe(e) + ")"
                        + (RetryRule.isSafe(method) ? "" : "; the request may or may not have been applied"));
            } catch (IOException e) {
                recordAnswer(upstream, method, answer.getCode(), nanos); // the client went away, not the upstream
                throw e;
            }
            recordAnswer(upstream, method, answer.getCode(), nanos);
            return;
        }
        throw failures.isEmpty() ? noInstance() : failed(method, failures, readTimeout);
    }

    /** The upstream's answer broke off mid-body: a failure of the instance, like a connection broken earlier. */
    private void recordBrokenAnswer(Upstream upstream, HttpMethod method, int status, long nanos,
            UpstreamClient.UpstreamBrokeException e, HttpServletRequest request) {
        String detail = UpstreamFailure.describe(e);
        metrics.record(upstream, method.name(), outcomeOf(FailureKind.IO), Integer.toString(status), nanos);
        health.recordFailure(upstream, FailureKind.IO, detail);
        log.info("{} {}: the answer of {} broke off {} ({})", method.name(), request.getRequestURI(),
                upstream.label(), e.began() ? "after part of it was relayed" : "before any of its body", detail);
    }

    private void injectFaults(URI target, String instanceId, Duration readTimeout) throws IOException {
        try {
            faults.beforeConnection(target, instanceId, readTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the gateway is shutting down
            throw new IllegalStateException("interrupted while an injected fault held the request", e);
        }
    }

    /**
     * The whole body, bounded by the body size limit: the platform's body size filter has already refused a larger
     * Content-Length, and its wrapped stream throws {@link PayloadTooLargeException} while this reads a chunked
     * body past the limit, so a body too large is refused with 413 before any instance sees a byte of it. Null
     * when the request has none.
     */
    private static byte[] readBody(HttpServletRequest request) throws PayloadTooLargeException {
        if (request.getContentLengthLong() <= 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
            return null;
        }
        try {
            return request.getInputStream().readAllBytes();
        } catch (PayloadTooLargeException e) {
            throw e;
        } catch (IOException e) {
            // the client went away or sent a broken body: its fault, and no instance was involved
            throw new ProblemException(HttpStatus.BAD_REQUEST, "The request body could not be read: "
                    + UpstreamFailure.describe(e));
        }
    }

    private void recordAnswer(Upstream upstream, HttpMethod method, int status, long nanos) {
        String outcome = status >= 500 ? "server_error" : status >= 400 ? "client_error" : "success";
        metrics.record(upstream, method.name(), outcome, Integer.toString(status), nanos);
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

    /**
     * Refuses paths with dot segments, empty segments or path parameters, which the servlet container normalises for
     * routing but the proxy would forward as sent: what is routed must be what the upstream sees.
     */
    private static void requireNormalizedPath(HttpServletRequest request) {
        String raw = request.getRequestURI();
        if (raw.indexOf(';') >= 0) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "Path parameters (';') are not accepted");
        }
        if (raw.contains("//")) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "Empty path segments ('//') are not accepted");
        }
        for (String segment : raw.split("/", -1)) {
            String decoded;
            try {
                decoded = segment.indexOf('%') >= 0 ? UriUtils.decode(segment, StandardCharsets.UTF_8) : segment;
            } catch (IllegalArgumentException e) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "The path is not validly percent-encoded");
            }
            if (decoded.equals(".") || decoded.equals("..")) {
                throw new ProblemException(HttpStatus.BAD_REQUEST,
                        "Dot segments ('.', '..') are not accepted in the path");
            }
        }
    }
}
