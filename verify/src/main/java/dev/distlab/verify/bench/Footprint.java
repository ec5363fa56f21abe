package dev.distlab.verify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long {@code ./cluster up} takes to all ready with the jars built, and the resident memory of every process
 * (VmRSS from /proc) right after the start and, in {@code all}, after the other benches ran and once more after a
 * minute without load (what of it was transient: Tomcat retires idle threads after 60 s). The start is timed with
 * the bench's JVM profile and, when that is not it, with {@code ./cluster up}'s default too ({@code startup}), which
 * is what a user who types {@code ./cluster up} gets.
 */
final class Footprint {

    static final double TARGET_SECONDS = 30;
    static final long TARGET_BYTES = 1536L * 1024 * 1024;
    /** {@code ./cluster up}'s own default profile. */
    static final String DEFAULT_JVM = "startup";
    /** Idle time before the last snapshot: Tomcat retires the threads it no longer needs after 60 s. */
    static final int IDLE_SECONDS = 65;

    private double upSeconds;
    private Double defaultUpSeconds;
    private Map<String, Long> afterStart;
    private Map<String, Long> afterBenches;
    private Map<String, Long> afterIdle;

    /** Stops the bench cluster, then times a start from empty state (again, if the first one built something). */
    void start(BenchContext ctx) throws IOException {
        ctx.out.println("== footprint: ./cluster down, then ./cluster up timed until all are ready");
        if (!ctx.platform.jvm().equals(DEFAULT_JVM)) {
            defaultUpSeconds = timedUp(ctx, DEFAULT_JVM);
            ctx.out.println("./cluster up (CLUSTER_JVM=" + DEFAULT_JVM + ", its default) to all ready: "
                    + Fmt.seconds(defaultUpSeconds) + "; now the bench's profile, " + ctx.platform.jvm());
        }
        upSeconds = timedUp(ctx, ctx.platform.jvm());
        ctx.clusterStarted(3);
        afterStart = rss(ctx.platform.pids());
        ctx.out.println("./cluster up to all ready: " + Fmt.seconds(upSeconds) + "; RSS " + describe(afterStart));
    }

    /** A start from empty state with {@code jvm}, timed; again if the first one built jars or archives. */
    private static double timedUp(BenchContext ctx, String jvm) throws IOException {
        Platform.Up up = ctx.platform.freshUp(3, jvm);
        if (up.prepared()) {
            ctx.out.println("That start also built jars or fast-start archives: starting once more to time a plain "
                    + "start");
            up = ctx.platform.freshUp(3, jvm);
        }
        return up.seconds();
    }

    /**
     * The RSS snapshots after the other benches, taken while the cluster they used still runs: at once and (not in a
     * smoke run) after a minute without load.
     */
    void afterBenches(BenchContext ctx) throws IOException {
        afterBenches = rss(ctx.platform.pids());
        ctx.out.println("RSS after the benches: " + describe(afterBenches));
        if (ctx.options.smoke()) {
            return;
        }
        ctx.out.println("No load for " + IDLE_SECONDS + " s, then RSS again");
        try {
            Thread.sleep(IDLE_SECONDS * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        afterIdle = rss(ctx.platform.pids());
        ctx.out.println("RSS " + IDLE_SECONDS + " s later: " + describe(afterIdle));
    }

    BenchResult result(BenchContext ctx, Machine machine) {
        String tables = table(upSeconds, defaultUpSeconds, afterStart, afterBenches, afterIdle);
        List<String> notes = new ArrayList<>();
        notes.add("Machine: " + machine.describe());
        notes.add(ctx.jvmNote());
        notes.add("`./cluster down --purge` then `./cluster up --participants 3 --coordinators 1` (jars and "
                + "fast-start archives built), timed until every instance answers ready; RSS is VmRSS of "
                + "/proc/PID/status for every pid file of the cluster; targets ≤ 30 s and ≤ 1,536 MiB in all");
        if (afterBenches != null) {
            notes.add("RSS again once the other benches had run (store, gateway, bank, and the scale curves up to "
                    + "their highest connections), while their cluster still ran"
                    + (afterIdle == null ? "" : ", and " + IDLE_SECONDS + " s later with no load"));
        }
        if (defaultUpSeconds != null) {
            notes.add("The start is timed twice, each from empty state: first with `./cluster up`'s default "
                    + "profile (`CLUSTER_JVM=" + DEFAULT_JVM + "`: C1 only), then with the bench's (the table's "
                    + "row and RSS)");
        }
        return new BenchResult("footprint", "Footprint: start time and memory", tables, notes, null);
    }

    /**
     * {@code defaultUpSeconds}: the start with {@code ./cluster up}'s default profile, or null if not timed;
     * {@code afterBenches} and {@code afterIdle}: the snapshots after the other benches, null where not taken.
     */
    static String table(double upSeconds, Double defaultUpSeconds, Map<String, Long> afterStart,
            Map<String, Long> afterBenches, Map<String, Long> afterIdle) {
        List<String> header = new ArrayList<>(List.of("", "up → all ready"));
        header.addAll(afterStart.keySet());
        header.add("total RSS");
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        table.row(row("right after start", Fmt.seconds(upSeconds), afterStart, afterStart));
        if (afterBenches != null) {
            table.row(row("after the other benches", "", afterStart, afterBenches));
        }
        if (afterIdle != null) {
            table.row(row(IDLE_SECONDS + " s later, no load", "", afterStart, afterIdle));
        }
        // the target is judged on the largest: right after the load is "after the benchmark" too
        long worst = Math.max(sum(afterStart), Math.max(afterBenches == null ? 0 : sum(afterBenches),
                afterIdle == null ? 0 : sum(afterIdle)));
        String defaultStart = defaultUpSeconds == null ? "" : "; with `./cluster up`'s default profile ("
                + DEFAULT_JVM + ") " + Fmt.seconds(defaultUpSeconds)
                + within(defaultUpSeconds <= TARGET_SECONDS, "30 s");
        return table.render() + "\nstart " + Fmt.seconds(upSeconds) + within(upSeconds <= TARGET_SECONDS, "30 s")
                + defaultStart + "; largest total RSS " + Fmt.mib(worst) + within(worst <= TARGET_BYTES, "1,536 MiB")
                + "\n";
    }

    /** Whether a figure is within {@code target}, as the summary line says it. */
    private static String within(boolean met, String target) {
        return (met ? " (within" : " (**over**") + " the " + target + " target)";
    }

    private static String[] row(String label, String up, Map<String, Long> names, Map<String, Long> rss) {
        List<String> cells = new ArrayList<>(List.of(label, up));
        names.keySet().forEach(name -> cells.add(rss.containsKey(name) ? Fmt.mib(rss.get(name)) : "–"));
        cells.add(Fmt.mib(sum(rss)));
        return cells.toArray(String[]::new);
    }

    private static long sum(Map<String, Long> rss) {
        return rss.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String describe(Map<String, Long> rss) {
        StringBuilder out = new StringBuilder();
        rss.forEach((name, bytes) -> out.append(name).append(' ').append(Fmt.mib(bytes)).append(", "));
        return out.append("total ").append(Fmt.mib(sum(rss))).toString();
    }

    /** VmRSS of each process in bytes, by name; a process that is gone is left out. */
    static Map<String, Long> rss(Map<String, Long> pids) throws IOException {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            Path status = Path.of("/proc", e.getValue().toString(), "status");
            if (!Files.exists(status)) {
                continue;
            }
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    rss.put(e.getKey(), Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                }
            }
        }
        return rss;
    }
}
