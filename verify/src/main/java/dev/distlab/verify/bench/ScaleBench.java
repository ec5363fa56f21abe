package dev.distlab.verify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput and p99 against concurrency for three comparisons: config store vs etcd writes, gateway vs nginx,
 * and the store's writes with 3 vs 5 replicas. Each point is the median of its rounds; at each level the sides
 * alternate as in the other benches. The 5-replica store needs a restart (of the participants alone), so that curve
 * is measured after the others, and the 3-replica curve is the store's from the first comparison.
 */
final class ScaleBench {

    /** Something to do before the cluster is restarted with five replicas (the footprint's "after" snapshot). */
    interface Step {
        void run() throws IOException;
    }

    static final String THREE = "config store writes, 3 replicas";
    static final String FIVE = "config store writes, 5 replicas";

    private ScaleBench() {
    }

    static BenchResult run(BenchContext ctx, Machine machine, Step beforeResize) throws IOException {
        int c = ctx.options.connections();
        List<Side> storeVsEtcd = StoreBench.writeSides(ctx, c);
        List<Side> gatewayVsNginx = GatewayBench.proxySides(ctx, c);
        ctx.out.println("== scale: requests/s and p99 at " + ctx.options.scaleLevels() + " connections");
        ctx.rounds.forgetCommands();
        List<Side> all = new ArrayList<>(storeVsEtcd);
        all.addAll(gatewayVsNginx);
        ctx.rounds.warmUp(all);
        Map<String, List<ScalePlot.Point>> store = curves(ctx, storeVsEtcd);
        Map<String, List<ScalePlot.Point>> proxies = curves(ctx, gatewayVsNginx);
        List<String> commands = new ArrayList<>(ctx.rounds.commands());
        beforeResize.run();
        ctx.storeCluster(5);
        Side five = new Side(FIVE, ctx.wrk(c, StoreBench.storePut(ctx),
                ctx.platform.participantUrl(ctx.platform.leader())));
        ctx.rounds.warmUp(List.of(five));
        ctx.rounds.forgetCommands();
        Map<String, List<ScalePlot.Point>> replicas = new LinkedHashMap<>();
        replicas.put(THREE, store.get(StoreBench.STORE_WRITES));
        replicas.putAll(curves(ctx, List.of(five)));
        commands.addAll(ctx.rounds.commands());

        StringBuilder tables = new StringBuilder();
        tables.append(section(ctx, "Config store vs etcd, writes at the leader", "scale-store-vs-etcd", store));
        tables.append(section(ctx, "Gateway vs nginx, GET /api/node", "scale-gateway-vs-nginx", proxies));
        tables.append(section(ctx, "Config store writes, 3 vs 5 replicas", "scale-store-replicas", replicas));
        List<String> notes = new ArrayList<>(ctx.commonNotes(machine));
        notes.add("Each point: the median of " + ctx.options.rounds() + " run(s) of " + ctx.options.durationSeconds()
                + " s; wrk threads = min(" + ctx.options.threads() + ", connections)");
        notes.add("The 5-replica curve is measured after the others, on a fresh config store of 5 participants "
                + "alone (`./cluster up --participants 5 --store-only`: no coordinator, no gateway, which its writes "
                + "do not pass) warmed up at " + c + " connections; the 3-replica curve is the config store's from the "
                + "first comparison, with the coordinator and the gateway idle beside it");
        notes.add(ctx.etcd().summary());
        notes.add(Nginx.summary(List.of("the three participants")));
        commands.forEach(command -> notes.add("`" + command + "`"));
        return new BenchResult("scale", "Scale: throughput and p99 against concurrency", tables.toString(), notes,
                null);
    }

    /** Per side, one point per level: the median over the rounds, the sides alternating at each level. */
    private static Map<String, List<ScalePlot.Point>> curves(BenchContext ctx, List<Side> sides) throws IOException {
        Map<String, List<ScalePlot.Point>> curves = new LinkedHashMap<>();
        List<Integer> levels = ctx.options.scaleLevels();
        for (int li = 0; li < levels.size(); li++) {
            int level = levels.get(li);
            Map<String, List<WrkResult>> runs = new LinkedHashMap<>();
            for (int round = 0; round < ctx.options.rounds(); round++) {
                for (Side side : Order.forRound(sides, li + round)) {
                    Side at = new Side(side.label(), side.run().withConnections(level, ctx.options.threads()));
                    runs.computeIfAbsent(side.label(), l -> new ArrayList<>())
                            .add(ctx.rounds.once("scale " + level + " (" + (round + 1) + "/" + ctx.options.rounds()
                                    + ")", at));
                }
            }
            runs.forEach((label, results) -> {
                SideSummary s = SideSummary.of(label, results);
                curves.computeIfAbsent(label, l -> new ArrayList<>())
                        .add(new ScalePlot.Point(level, s.requestsPerSec(), s.p99Ms()));
            });
        }
        return curves;
    }

    private static String section(BenchContext ctx, String title, String file,
            Map<String, List<ScalePlot.Point>> curves) throws IOException {
        StringBuilder out = new StringBuilder("#### ").append(title).append("\n\n");
        Path svgDir = ctx.options.svgDir();
        if (svgDir != null) {
            Files.createDirectories(svgDir);
            Path svg = svgDir.resolve(file + ".svg");
            Files.writeString(svg, ScalePlot.svg(title + ": requests/s and p99 against connections", curves));
            ctx.out.println("Wrote " + svg);
            Path docsDir = ctx.options.writesDocs() ? ctx.options.docsFile().getParent() : svgDir;
            out.append("![").append(title).append("](").append(docsDir.relativize(svg).toString().replace('\\', '/'))
                    .append(")\n\n");
        }
        return out.append(table(curves)).append('\n').toString();
    }

    static String table(Map<String, List<ScalePlot.Point>> curves) {
        List<String> labels = List.copyOf(curves.keySet());
        String a = labels.get(0);
        String b = labels.get(1);
        MarkdownTable table = new MarkdownTable("connections", a + " req/s", "p99", b + " req/s", "p99",
                "ratio");
        List<ScalePlot.Point> pa = curves.get(a);
        List<ScalePlot.Point> pb = curves.get(b);
        for (int i = 0; i < pa.size(); i++) {
            table.row(String.valueOf(pa.get(i).connections()), Fmt.rate(pa.get(i).requestsPerSec()),
                    Fmt.ms(pa.get(i).p99Ms()), Fmt.rate(pb.get(i).requestsPerSec()), Fmt.ms(pb.get(i).p99Ms()),
                    Fmt.ratio(Stats.ratio(pa.get(i).requestsPerSec(), pb.get(i).requestsPerSec())));
        }
        return table.render();
    }
}
