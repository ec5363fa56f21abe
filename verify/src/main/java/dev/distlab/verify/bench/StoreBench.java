package dev.distlab.verify.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The config store next to etcd: writes and linearizable reads at each one's leader, the same load shape
 * (100-byte values, random keys out of 1000) and the same connections.
 */
final class StoreBench {

    static final String STORE_WRITES = "config store writes";
    static final String ETCD_WRITES = "etcd writes";
    private static final String STORE_READS = "config store reads";
    private static final String ETCD_READS = "etcd reads";

    private StoreBench() {
    }

    /** The write sides, shared with the scale bench (which draws them against concurrency). */
    static List<Side> writeSides(BenchContext ctx, int connections) throws IOException {
        ctx.cluster(3);
        Etcd etcd = ctx.etcd();
        String store = ctx.platform.participantUrl(ctx.platform.leader());
        return List.of(new Side(STORE_WRITES, ctx.wrk(connections, storePut(ctx), store)),
                new Side(ETCD_WRITES, ctx.wrk(connections, ctx.script("etcd-put.lua", LuaScripts.etcdPut()),
                        etcd.leaderUrl())));
    }

    static Path storePut(BenchContext ctx) throws IOException {
        return ctx.script("store-put.lua", LuaScripts.storePut());
    }

    static BenchResult run(BenchContext ctx, Machine machine) throws IOException {
        int c = ctx.options.connections();
        List<Side> writes = writeSides(ctx, c);
        String store = ctx.platform.participantUrl(ctx.platform.leader());
        List<Side> reads = List.of(
                new Side(STORE_READS, ctx.wrk(c, ctx.script("store-get.lua", LuaScripts.storeGet()), store)),
                new Side(ETCD_READS, ctx.wrk(c, ctx.script("etcd-get.lua", LuaScripts.etcdGet()),
                        ctx.etcd().leaderUrl())));
        ctx.out.println("== store: config store (leader " + store + ") vs etcd (leader " + ctx.etcd().leaderUrl()
                + "), " + c + " connections");
        ctx.seedKeys(store, ctx.etcd().leaderUrl());
        ctx.rounds.forgetCommands();
        List<Side> all = new ArrayList<>(writes);
        all.addAll(reads);
        ctx.rounds.warmUp(all);
        Map<String, List<WrkResult>> results = ctx.rounds.measure(List.of(writes, reads));
        List<String> notes = new ArrayList<>(ctx.commonNotes(machine));
        notes.add(ctx.etcd().summary());
        notes.add("Config store: 3 participants (replicas), fsync on, `PUT`/`GET /api/config/bench/k<1..1000>` "
                + "straight at its leader; reads linearizable (the default)");
        notes.add("Scripts: store-put.lua / etcd-put.lua write a 100-byte value to a random key out of 1000; "
                + "store-get.lua / etcd-get.lua read one");
        ctx.rounds.commands().forEach(command -> notes.add("`" + command + "`"));
        return new BenchResult("store", "Config store next to etcd", table(results, c), notes, null);
    }

    static String table(Map<String, List<WrkResult>> results, int connections) {
        SideSummary sw = SideSummary.of(STORE_WRITES, results.get(STORE_WRITES));
        SideSummary ew = SideSummary.of(ETCD_WRITES, results.get(ETCD_WRITES));
        SideSummary sr = SideSummary.of(STORE_READS, results.get(STORE_READS));
        SideSummary er = SideSummary.of(ETCD_READS, results.get(ETCD_READS));
        return new MarkdownTable("at the leader, " + connections + " connections", "writes/s", "p50 / p99",
                "linearizable reads/s", "p50 / p99", "non-2xx / socket errors, all rounds")
                .row("config store", Fmt.rate(sw.requestsPerSec()), latency(sw), Fmt.rate(sr.requestsPerSec()),
                        latency(sr), errors(sw, sr))
                .row("etcd", Fmt.rate(ew.requestsPerSec()), latency(ew), Fmt.rate(er.requestsPerSec()), latency(er),
                        errors(ew, er))
                .row("store / etcd", Fmt.ratio(sw.throughputRatio(ew)), "", Fmt.ratio(sr.throughputRatio(er)), "", "")
                .render();
    }

    static String latency(SideSummary s) {
        return Fmt.ms(s.p50Ms()) + " / " + Fmt.ms(s.p99Ms());
    }

    static String errors(SideSummary... sides) {
        long non2xx = 0;
        long socket = 0;
        for (SideSummary s : sides) {
            non2xx += s.non2xx();
            socket += s.socketErrors();
        }
        return non2xx + " / " + socket;
    }
}
