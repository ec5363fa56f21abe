package dev.distlab.gateway.routing;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.springframework.http.HttpStatus;

import dev.distlab.common.fault.IncomingFaults;
import dev.distlab.common.problem.ProblemException;

/**
 * Where the front sends a request: a routed path to its service's {@link BalancedProxy}, after the injected
 * incoming faults and the path checks that the servlet filters apply to everything else; any other path to the
 * gateway's own endpoints ({@link OwnEndpoints}), whose filters do all that themselves.
 */
final class FrontDispatch {

    private final RoutedPaths<BalancedProxy> routes;
    private final OwnEndpoints own;
    private final IncomingFaults faults;
    private final Executor faultWaits;
    private final long publicMaxBodyBytes;
    private final long internalMaxBodyBytes;

    FrontDispatch(RoutedPaths<BalancedProxy> routes, OwnEndpoints own, IncomingFaults faults, Executor faultWaits,
            long publicMaxBodyBytes, long internalMaxBodyBytes) {
        this.routes = routes;
        this.own = own;
        this.faults = faults;
        this.faultWaits = faultWaits;
        this.publicMaxBodyBytes = publicMaxBodyBytes;
        this.internalMaxBodyBytes = internalMaxBodyBytes;
    }

    /** The largest body accepted for a raw path: token-protected {@code /internal/**} traffic has a limit of its own. */
    long bodyLimit(String rawPath) {
        boolean internal = RoutedPaths.normalized(rawPath).map(p -> p.startsWith("/internal/")).orElse(false);
        return internal ? internalMaxBodyBytes : publicMaxBodyBytes;
    }

    void serve(ProxyRequest request, ClientSink client) {
        BalancedProxy proxy = routes.find(request.path());
        if (proxy == null) {
            own.forward(request, client);
            return;
        }
        Optional<ProblemException> refused = RoutedPaths.refusal(request.path());
        if (refused.isPresent()) {
            client.problem(refused.get());
            return;
        }
        IncomingFaults.Firing firing = faults.fire(request.path());
        if (firing.isNone()) {
            proxy.forward(request, client);
            return;
        }
        try {
            faultWaits.execute(() -> {
                Optional<String> outcome = faults.apply(firing);
                client.eventLoop().execute(() -> {
                    if (outcome.isPresent()) {
                        client.problem(new ProblemException(IncomingFaults.refusal(outcome.get())));
                    } else {
                        proxy.forward(request, client);
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            client.problem(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                    "Too many requests are held by injected faults; this one was refused"));
        }
    }
}
