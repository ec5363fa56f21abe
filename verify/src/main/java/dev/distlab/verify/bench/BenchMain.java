package dev.distlab.verify.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.distlab.verify.cli.UsageException;

/**
 * {@code ./cluster bench store|gateway|bank|scale|footprint|all}: checks (or installs) the peers, runs the chosen
 * benches on the bench cluster, prints a Markdown table per bench and writes them into docs/BENCHMARKS.md.
 * Exits 0 when done, 1 when the bank check is not clean or a run failed, 2 on bad usage or missing tools.
 */
public final class BenchMain {

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int CANNOT_RUN = 2;

    private BenchMain() {
    }

    /** Progress and tables go to {@code out}; bad usage and missing tools to {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = new BenchOptionsParser().parse(args);
        } catch (UsageException e) {
            err.println("bench: " + e.getMessage());
            err.print(BenchOptionsParser.USAGE);
            return CANNOT_RUN;
        }
        if (options == null) {
            out.print(BenchOptionsParser.USAGE);
            return DONE;
        }
        Map<String, Path> tools;
        try {
            tools = Peers.ensure(Peers.neededBy(options), out);
        } catch (Peers.MissingPeers e) {
            err.println("bench: " + e.getMessage());
            return CANNOT_RUN;
        } catch (IOException e) {
            err.println("bench: cannot check the tools it needs: " + e.getMessage());
            return CANNOT_RUN;
        }
        Machine machine = Machine.here();
        out.println("Machine: " + machine.describe());
        List<BenchResult> results = new ArrayList<>();
        BenchContext ctx = new BenchContext(options, tools, out);
        // Ctrl-C or a kill: etcd is this JVM's child and nginx and the cluster run apart, so stop them all
        Thread stopAll = new Thread(ctx::close, "bench-stop");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            runBenches(ctx, machine, results);
        } catch (IOException | RuntimeException e) {
            out.println("bench: " + options.bench() + " failed: " + e.getMessage());
            out.println("(the bench cluster's logs are in " + options.clusterHome().resolve("logs") + ")");
            return FAILED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAll);
                ctx.close();
            } catch (IllegalStateException shuttingDown) {
                // the hook is stopping everything already
            }
        }
        String date = LocalDate.now().toString();
        String command = "./cluster bench " + String.join(" ", withoutRepo(args));
        out.println();
        for (BenchResult result : results) {
            out.println(Sections.render(result, date, command));
        }
        if (options.writesDocs()) {
            try {
                Sections.write(options.docsFile(), results, date, command);
                out.println("Wrote " + results.size() + " section(s) into " + options.docsFile());
            } catch (IOException | IllegalArgumentException e) {
                out.println("bench: could not write " + options.docsFile() + ": " + e.getMessage());
                return FAILED;
            }
        }
        return results.stream().allMatch(BenchResult::clean) ? DONE : FAILED;
    }

    /** In order; in {@code all} the footprint's start comes first and its second snapshot before the resize. */
    private static void runBenches(BenchContext ctx, Machine machine, List<BenchResult> results)
            throws IOException {
        BenchOptions options = ctx.options;
        Footprint footprint = options.runs("footprint") ? new Footprint() : null;
        if (footprint != null) {
            footprint.start(ctx);
        }
        if (options.runs("store")) {
            results.add(StoreBench.run(ctx, machine));
        }
        if (options.runs("gateway")) {
            results.add(GatewayBench.run(ctx, machine));
        }
        if (options.runs("bank")) {
            results.add(BankBench.run(ctx, machine));
        }
        if (options.runs("scale")) {
            results.add(ScaleBench.run(ctx, machine, footprint == null ? () -> { } : () -> footprint.afterBenches(ctx)));
        }
        if (footprint != null) {
            results.add(footprint.result(ctx, machine));
        }
    }

    /** The command as the user typed it: {@code --repo}, which ./cluster adds, is left out. */
    static List<String> withoutRepo(String[] args) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repo")) {
                i++;
            } else if (!args[i].startsWith("--repo=")) {
                shown.add(args[i]);
            }
        }
        return shown;
    }
}
