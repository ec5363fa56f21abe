package dev.distlab.verify.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Warm-up, then the measured rounds: in every round each comparison's sides run one after another, in the
 * order {@link Order} gives for that round. Progress is printed as it goes, with what each wrk run got.
 */
final class Rounds {

    private final BenchOptions options;
    private final PrintStream out;
    private final Platform platform;
    private final CompilerCpu compilerCpu = new CompilerCpu(Path.of("/proc"));
    private final Set<String> commands = new LinkedHashSet<>();
    /**
     * Sides already warmed in this run (by {@link WrkRun#load()}): a later bench on the same path at the same
     * connections skips its warm-up, whatever its runs' duration (the bank's smoke runs are longer).
     */
    private final Set<String> warmed = new LinkedHashSet<>();
    private boolean toldNoProc;

    Rounds(BenchOptions options, PrintStream out, Platform platform) {
        this.options = options;
        this.out = out;
        this.platform = platform;
    }

    /**
     * Each side for at least {@code --warmup} seconds, unmeasured, while the JIT compiles, pools fill and caches
     * warm; then on until {@link WarmUp} calls it warm: its throughput has stopped climbing and, on the platform,
     * the compiler threads of the cluster's JVMs have gone quiet; up to {@link WarmUp#LONGEST_FACTOR} times as
     * long. The bank's path compiles for minutes with C2: a fixed 30 s measured it at half its speed, the climb
     * alone at four fifths.
     */
    void warmUp(List<Side> sides) throws IOException {
        warmUp(sides, options.warmupSeconds());
    }

    void warmUp(List<Side> sides, int seconds) throws IOException {
        if (seconds == 0) {
            return;
        }
        int chunk = Math.min(WarmUp.CHUNK_SECONDS, seconds);
        int longest = options.smoke() ? seconds : seconds * WarmUp.LONGEST_FACTOR;
        for (Side side : sides) {
            if (!warmed.add(side.run().load())) {
                continue;
            }
            boolean watchJit = platform.serves(side.run()) && canWatchJit();
            List<Double> rates = new ArrayList<>();
            OptionalDouble jit = OptionalDouble.empty();
            int elapsed = 0;
            while (elapsed < longest && (elapsed < seconds || !WarmUp.settled(rates, jit, chunk))) {
                Map<String, Long> before = watchJit ? compilerCpu.ticks(platform.pids().values()) : Map.of();
                WrkResult result = wrk("warm-up", side, side.run().withSeconds(chunk));
                if (watchJit) {
                    jit = OptionalDouble.of(CompilerCpu.secondsBetween(before,
                            compilerCpu.ticks(platform.pids().values())));
                }
                out.println(result.brief() + (watchJit ? ", JIT " + Fmt.seconds(jit.getAsDouble()) : ""));
                rates.add(result.okPerSec());
                elapsed += chunk;
            }
            if (jit.isPresent() && !WarmUp.quiet(jit.getAsDouble(), chunk)) {
                out.println("warm-up: " + side.label() + ": the JIT still used " + Fmt.seconds(jit.getAsDouble())
                        + " of CPU in the last " + chunk + " s when the longest warm-up (" + elapsed + " s) ran out;"
                        + " measured as it is");
            }
        }
    }

    /** Where there is no {@code /proc}, the JIT is not watched: a note once, and the throughput decides alone. */
    private boolean canWatchJit() {
        if (compilerCpu.readable()) {
            return true;
        }
        if (!toldNoProc) {
            out.println("warm-up: no /proc here, so the JIT's compiler threads are not watched: a side is warm once "
                    + "its throughput stops climbing");
            toldNoProc = true;
        }
        return false;
    }

    /** A restarted cluster runs cold JVMs: every side on it is warmed again (etcd's and nginx's too, simply). */
    void clusterRestarted() {
        warmed.clear();
    }

    /** The measured rounds; every side's results in round order, by label. */
    Map<String, List<WrkResult>> measure(List<List<Side>> comparisons) throws IOException {
        Map<String, List<WrkResult>> results = new LinkedHashMap<>();
        for (int round = 0; round < options.rounds(); round++) {
            for (List<Side> comparison : comparisons) {
                for (Side side : Order.forRound(comparison, round)) {
                    WrkResult result = run("round " + (round + 1) + "/" + options.rounds(), side, side.run());
                    results.computeIfAbsent(side.label(), l -> new ArrayList<>()).add(result);
                }
            }
        }
        return results;
    }

    /** One run outside the rounds (the scale curves), shown and remembered like the others. */
    WrkResult once(String stage, Side side) throws IOException {
        return run(stage, side, side.run());
    }

    /** The distinct wrk command lines the measured runs used, for the docs. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    void forgetCommands() {
        commands.clear();
    }

    private WrkResult run(String stage, Side side, WrkRun run) throws IOException {
        WrkResult result = wrk(stage, side, run);
        out.println(result.brief());
        commands.add(run.shown());
        return result;
    }

    /** One wrk run, its progress line begun; the caller ends the line. */
    private WrkResult wrk(String stage, Side side, WrkRun run) throws IOException {
        out.print(stage + ": " + side.label() + ", " + run.seconds() + " s, " + run.connections()
                + " connections ... ");
        out.flush();
        return Wrk.run(run);
    }
}
