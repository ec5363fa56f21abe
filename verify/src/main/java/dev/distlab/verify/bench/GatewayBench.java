package dev.distlab.verify.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/node} through the gateway, through nginx in front of the same three participants, and straight
 * to one participant: what each proxy costs in throughput and at the median, under load and on one connection.
 * At 32 connections on two shared cores the median is mostly queueing behind other requests; one connection
 * shows what a proxy adds to a single request's way there and back.
 */
final class GatewayBench {

    static final String GATEWAY = "gateway";
    static final String NGINX = "nginx";
    private static final String DIRECT = "straight to participant-1";
    /** The label suffix of the one-connection sides. */
    static final String ONE = ", 1 connection";
    /** The one-connection sides follow the loaded ones, already compiled: a short warm-up fills their pools. */
    private static final int ONE_WARMUP_SECONDS = 10;

    private GatewayBench() {
    }

    /** The gateway and nginx sides, shared with the scale bench. */
    static List<Side> proxySides(BenchContext ctx, int connections) throws IOException {
        ctx.cluster(3);
        return List.of(new Side(GATEWAY, ctx.wrk(connections, null, ctx.platform.gatewayUrl() + "/api/node")),
                new Side(NGINX, ctx.wrk(connections, null, ctx.nginx().url() + "/api/node")));
    }

    static BenchResult run(BenchContext ctx, Machine machine) throws IOException {
        int c = ctx.options.connections();
        List<Side> sides = new ArrayList<>(proxySides(ctx, c));
        sides.add(new Side(DIRECT, ctx.wrk(c, null, ctx.platform.participantUrl(1) + "/api/node")));
        ctx.out.println("== gateway: GET /api/node through the gateway vs nginx vs straight to participant-1, " + c
                + " connections");
        List<Side> single = sides.stream().map(s -> new Side(s.label() + ONE, s.run().withConnections(1))).toList();
        ctx.rounds.forgetCommands();
        ctx.rounds.warmUp(sides);
        ctx.rounds.warmUp(single, Math.min(ONE_WARMUP_SECONDS, ctx.options.warmupSeconds()));
        Map<String, List<WrkResult>> results = ctx.rounds.measure(List.of(sides, single));
        List<String> notes = new ArrayList<>(ctx.commonNotes(machine));
        notes.add(Nginx.summary(ctx.platform.participantAddresses()));
        notes.add("The gateway: round robin (its default) over the same three participants");
        notes.add("The one-connection sides run after the loaded ones (already compiled), each after "
                + Math.min(ONE_WARMUP_SECONDS, ctx.options.warmupSeconds()) + " s of warm-up at least");
        ctx.rounds.commands().forEach(command -> notes.add("`" + command + "`"));
        return new BenchResult("gateway", "Gateway next to nginx", table(results, c), notes, null);
    }

    static String table(Map<String, List<WrkResult>> results, int connections) {
        SideSummary gateway = SideSummary.of(GATEWAY, results.get(GATEWAY));
        SideSummary nginx = SideSummary.of(NGINX, results.get(NGINX));
        SideSummary direct = SideSummary.of(DIRECT, results.get(DIRECT));
        MarkdownTable table = new MarkdownTable("GET /api/node, " + connections + " connections", "requests/s", "p50",
                "p99", "added p50 over direct", "requests/s vs nginx", "non-2xx / socket errors, all rounds");
        for (SideSummary s : List.of(gateway, nginx)) {
            table.row(s.label(), Fmt.rate(s.requestsPerSec()), Fmt.ms(s.p50Ms()), Fmt.ms(s.p99Ms()),
                    Fmt.addedMs(s.addedP50Over(direct)), Fmt.ratio(s.throughputRatio(nginx)),
                    StoreBench.errors(s));
        }
        table.row(direct.label(), Fmt.rate(direct.requestsPerSec()), Fmt.ms(direct.p50Ms()), Fmt.ms(direct.p99Ms()),
                "", Fmt.ratio(direct.throughputRatio(nginx)), StoreBench.errors(direct));
        String summary = "\ngateway / nginx: **" + Fmt.ratio(gateway.throughputRatio(nginx))
                + "** (target ≥ 0.80×); the gateway adds **" + Fmt.addedMs(gateway.addedP50Over(direct))
                + "** at the median over a direct call at " + connections + " connections (target ≤ 1 ms), nginx "
                + Fmt.addedMs(nginx.addedP50Over(direct));
        if (!results.containsKey(GATEWAY + ONE)) {
            return table.render() + summary + "\n";
        }
        SideSummary gatewayAlone = SideSummary.of(GATEWAY + ONE, results.get(GATEWAY + ONE));
        SideSummary nginxAlone = SideSummary.of(NGINX + ONE, results.get(NGINX + ONE));
        SideSummary directAlone = SideSummary.of(DIRECT + ONE, results.get(DIRECT + ONE));
        MarkdownTable alone = new MarkdownTable("GET /api/node, 1 connection", "requests/s", "p50", "p99",
                "added p50 over direct", "non-2xx / socket errors, all rounds");
        for (SideSummary s : List.of(gatewayAlone, nginxAlone)) {
            alone.row(s.label(), Fmt.rate(s.requestsPerSec()), Fmt.ms(s.p50Ms()), Fmt.ms(s.p99Ms()),
                    Fmt.addedMs(s.addedP50Over(directAlone)), StoreBench.errors(s));
        }
        alone.row(directAlone.label(), Fmt.rate(directAlone.requestsPerSec()), Fmt.ms(directAlone.p50Ms()),
                Fmt.ms(directAlone.p99Ms()), "", StoreBench.errors(directAlone));
        return table.render() + "\n" + alone.render() + summary + "; on one connection the gateway adds **"
                + Fmt.addedMs(gatewayAlone.addedP50Over(directAlone)) + "**, nginx "
                + Fmt.addedMs(nginxAlone.addedP50Over(directAlone)) + "\n";
    }
}
