package dev.distlab.verify.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * When a side is warm: its throughput has stopped climbing and, for a side on the platform, the JIT of the
 * cluster's JVMs has gone quiet. Warm-up runs in chunks; the throughput has stopped climbing once neither of the
 * last two chunks got more than {@link #CLIMB} over the best chunk before them. One chunk against the one before
 * it was fooled by noise: the bank's transfers went 80, 96, 114, 96/s, were called warm, and then measured 132, 186,
 * 191/s. The climb alone was fooled too, by C2 still compiling for minutes: transfers in 40 s windows went 37, 70,
 * 132, 194, 248, 237/s while the coordinator's compiler threads used 29, 15, 9, 4, 3.7, 1.4 s of CPU; in 10 s
 * chunks the late climb is about 5 % a chunk, and the side was called warm at about 190/s.
 */
final class WarmUp {

    static final int CHUNK_SECONDS = 10;
    /** The longest warm-up, as a multiple of {@code --warmup}. */
    static final int LONGEST_FACTOR = 8;
    static final double CLIMB = 0.10;
    /**
     * The compiler CPU of all the cluster's JVMs together, as a share of one core over a chunk, under which the JIT
     * counts as quiet: 5 %, 0.5 s in a 10 s chunk. On this machine's 2 cores that is 2.5 % of the CPU the load
     * shares, well inside the ±20 % runs move by, so a side called warm measures the platform and not its
     * compilation. Five JVMs each at the coordinator's last figure above (1.4 s in 40 s) would still be over it:
     * where the JIT does not get that quiet, the warm-up ends at its longest and says so.
     */
    static final double QUIET_COMPILER_SHARE = 0.05;

    private WarmUp() {
    }

    /**
     * Whether the chunks so far show a warm side: the throughput rule on their rates, in order, and the JIT rule
     * on the compiler CPU of the last chunk, in seconds. Without a figure for it (a side that is not the platform,
     * or a machine without {@code /proc}) the throughput rule decides alone.
     */
    static boolean settled(List<Double> rates, OptionalDouble compilerSeconds, int chunkSeconds) {
        return settled(rates) && (compilerSeconds.isEmpty() || quiet(compilerSeconds.getAsDouble(), chunkSeconds));
    }

    /** Whether the rates of the chunks so far, in order, have stopped climbing. */
    static boolean settled(List<Double> rates) {
        if (rates.size() < 3) {
            return false;
        }
        int n = rates.size();
        double lastTwo = Math.max(rates.get(n - 1), rates.get(n - 2));
        double bestBefore = rates.subList(0, n - 2).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return lastTwo <= bestBefore * (1 + CLIMB);
    }

    /** Whether this much compiler CPU in a chunk this long is a quiet JIT. */
    static boolean quiet(double compilerSeconds, int chunkSeconds) {
        return compilerSeconds < QUIET_COMPILER_SHARE * chunkSeconds;
    }
}
