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
        List<Side> single = sides.stream().map(s -> new Side(s.label() + ONE, s.run().withConnections(1, 1))).toList();
        int singleWarmUp = Math.min(ONE_WARMUP_SECONDS, ctx.options.warmupSeconds());
        ctx.rounds.forgetCommands();
        ctx.rounds.warmUp(sides);
        ctx.rounds.warmUp(single, singleWarmUp);
        Map<String, List<WrkResult>> results = ctx.rounds.measure(List.of(sides, single));
        List<String> notes = new ArrayList<>(ctx.commonNotes(machine));
        notes.add(Nginx.summary(ctx.platform.participantAddresses()));
        notes.add("The gateway: round robin (its default) over the same three participants");
        notes.add("The one-connection sides run after the loaded ones (already compiled), each after "
                + singleWarmUp + " s of warm-up at least");
        ctx.rounds.commands().forEach(command -> notes.add("`" + command + "`"));
        return new BenchResult("gateway", "Gateway next to nginx", table(results, c), notes, null);
    }

    static String table(Map<String, List<WrkResult>> results, int connections) {
        Sides loaded = Sides.of(results, "");
        String summary = "\ngateway / nginx: **" + Fmt.ratio(loaded.gateway.throughputRatio(loaded.nginx))
                + "** (target ≥ 0.80×); the gateway adds **" + Fmt.addedMs(loaded.gateway.addedP50Over(loaded.direct))
                + "** at the median over a direct call at " + connections + " connections (target ≤ 1 ms), nginx "
                + Fmt.addedMs(loaded.nginx.addedP50Over(loaded.direct));
        String tables = loaded.render("GET /api/node, " + connections + " connections", true);
        if (!results.containsKey(GATEWAY + ONE)) {
            return tables + summary + "\n";
        }
        Sides alone = Sides.of(results, ONE);
        return tables + "\n" + alone.render("GET /api/node, 1 connection", false) + summary
                + "; on one connection the gateway adds **" + Fmt.addedMs(alone.gateway.addedP50Over(alone.direct))
                + "**, nginx " + Fmt.addedMs(alone.nginx.addedP50Over(alone.direct)) + "\n";
    }

    /** The three sides of one run (the loaded one, or the one-connection one by its label suffix). */
    private record Sides(SideSummary gateway, SideSummary nginx, SideSummary direct) {

        static Sides of(Map<String, List<WrkResult>> results, String suffix) {
            return new Sides(side(results, GATEWAY + suffix), side(results, NGINX + suffix),
                    side(results, DIRECT + suffix));
        }

        private static SideSummary side(Map<String, List<WrkResult>> results, String label) {
            return SideSummary.of(label, results.get(label));
        }

        /** A row per side: its figures and what it adds over the direct side, and its ratio to nginx if asked. */
        String render(String heading, boolean vsNginx) {
            List<String> header = new ArrayList<>(List.of(heading, "requests/s", "p50", "p99", "added p50 over direct"));
            if (vsNginx) {
                header.add("requests/s vs nginx");
            }
            header.add("non-2xx / socket errors, all rounds");
            MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
            for (SideSummary s : List.of(gateway, nginx, direct)) {
                List<String> cells = new ArrayList<>(List.of(s.label(), Fmt.rate(s.requestsPerSec()), Fmt.ms(s.p50Ms()),
                        Fmt.ms(s.p99Ms()), s == direct ? "" : Fmt.addedMs(s.addedP50Over(direct))));
                if (vsNginx) {
                    cells.add(Fmt.ratio(s.throughputRatio(nginx)));
                }
                cells.add(StoreBench.errors(s));
                table.row(cells.toArray(String[]::new));
            }
            return table.render();
        }
    }
}
