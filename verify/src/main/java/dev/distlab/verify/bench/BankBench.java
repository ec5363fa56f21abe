package dev.distlab.verify.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Transfers across two participants next to deposits on one, both through the gateway and a coordinator (the
 * full two-phase commit path), next to the config store's writes in the same run: a transaction needs a handful
 * of store writes and forced writes, so the store's write rate is the scale it is measured against. Then the
 * bank check.
 */
final class BankBench {

    static final String TRANSFERS = "transfers, two participants";
    static final String DEPOSITS = "deposits, one participant";
    static final String STORE = "config store writes (at the leader)";
    static final double TARGET = 0.15;

    private BankBench() {
    }

    static BenchResult run(BenchContext ctx, Machine machine) throws IOException {
        ctx.cluster(3);
        int c = ctx.options.connections();
        String gateway = ctx.platform.gatewayUrl();
        BankAccounts bank = new BankAccounts(gateway, ctx.out);
        ctx.out.println("== bank: transfers vs deposits through the gateway vs config store writes, " + c
                + " connections");
        BankAccounts.Groups groups = bank.open(ctx.options.accountsPerGroup());
        // a cold transaction takes longer than a smoke run's 1 s on a busy machine, and wrk counts only the
        // answers that arrive within the run: a smoke run gives the bank 3 s runs and a 5 s warm-up
        int seconds = ctx.options.smoke() ? Math.max(3, ctx.options.durationSeconds())
                : ctx.options.durationSeconds();
        List<Side> sides = List.of(
                new Side(TRANSFERS, ctx.wrk(c, ctx.script("transfer.lua",
                        LuaScripts.transfer(groups.transferOn1(), groups.transferOn2())), gateway).withSeconds(seconds)),
                new Side(DEPOSITS, ctx.wrk(c, ctx.script("deposit.lua", LuaScripts.deposit(groups.depositOn1())),
                        gateway).withSeconds(seconds)),
                new Side(STORE, ctx.wrk(c, StoreBench.storePut(ctx),
                        ctx.platform.participantUrl(ctx.platform.leader())).withSeconds(seconds)));
        ctx.rounds.forgetCommands();
        ctx.rounds.warmUp(sides, ctx.options.smoke() ? 5 : ctx.options.warmupSeconds());
        Map<String, List<WrkResult>> results = ctx.rounds.measure(List.of(sides));
        String problem = bank.check(groups, ctx.options.smoke() ? 2 : 5);
        List<String> notes = new ArrayList<>(ctx.commonNotes(machine));
        notes.add("Accounts: " + ctx.options.accountsPerGroup() + " on participant-1 and as many on participant-2 "
                + "for transfers (amount 1, a random pair, a random direction), as many more on participant-1 for "
                + "deposits (delta 1); committed = 2xx answers only, 409 = refused because the accounts were busy");
        notes.add("One coordinator; the config store's writes as in the store bench (100-byte values, random keys "
                + "out of 1000, straight at its leader)");
        ctx.rounds.commands().forEach(command -> notes.add("`" + command + "`"));
        return new BenchResult("bank", "Bank: transfers next to deposits and the store's writes",
                table(results, c, problem), notes, problem);
    }

    static String table(Map<String, List<WrkResult>> results, int connections, String problem) {
        SideSummary transfers = SideSummary.of(TRANSFERS, results.get(TRANSFERS));
        SideSummary deposits = SideSummary.of(DEPOSITS, results.get(DEPOSITS));
        SideSummary store = SideSummary.of(STORE, results.get(STORE));
        MarkdownTable table = new MarkdownTable(connections + " connections", "requests/s", "committed/s (2xx)",
                "refused 409, all rounds", "other non-2xx, all rounds", "socket errors, all rounds", "p50", "p99");
        for (SideSummary s : List.of(transfers, deposits, store)) {
            boolean counted = s != store; // the store's runs do not count by status: its non-2xx are all "other"
            table.row(s.label(), Fmt.rate(s.requestsPerSec()), Fmt.rate(s.okPerSec()),
                    counted ? String.valueOf(s.conflicts()) : "–", String.valueOf(s.non2xx() - s.conflicts()),
                    String.valueOf(s.socketErrors()), Fmt.ms(s.p50Ms()), Fmt.ms(s.p99Ms()));
        }
        double ratio = Stats.ratio(transfers.okPerSec(), store.okPerSec());
        return table.render() + "\ntransfers committed/s ÷ store writes/s: **" + Fmt.ratio(ratio) + "** (target ≥ "
                + Fmt.ratio(TARGET) + "); transfers committed/s ÷ deposits committed/s: "
                + Fmt.ratio(Stats.ratio(transfers.okPerSec(), deposits.okPerSec())) + "\n\nbank check: "
                + (problem == null ? "clean (transfers conserved money, none in doubt, none HEURISTIC)"
                        : "**NOT clean**: " + problem) + "\n";
    }
}
