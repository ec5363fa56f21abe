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
 * (VmRSS from /proc) right after the start and, in {@code all}, after the other benches ran.
 */
final class Footprint {

    static final double TARGET_SECONDS = 30;
    static final long TARGET_BYTES = 1536L * 1024 * 1024;

    private double upSeconds;
    private Map<String, Long> afterStart;
    private Map<String, Long> afterBenches;

    /** Stops the bench cluster, then times a start from empty state (again, if the first one built something). */
    void start(BenchContext ctx) throws IOException {
        ctx.out.println("== footprint: ./cluster down, then ./cluster up timed until all are ready");
        Platform.Up up = ctx.platform.freshUp(3);
        if (up.prepared()) {
            ctx.out.println("That start also built jars or fast-start archives: starting once more to time a plain start");
            up = ctx.platform.freshUp(3);
        }
        upSeconds = up.seconds();
        ctx.clusterStarted(3);
        afterStart = rss(ctx.platform.pids());
        ctx.out.println("./cluster up to all ready: " + Fmt.seconds(upSeconds) + "; RSS " + describe(afterStart));
    }

    /** The RSS snapshot after the other benches, taken while the cluster they used still runs. */
    void afterBenches(BenchContext ctx) throws IOException {
        afterBenches = rss(ctx.platform.pids());
        ctx.out.println("RSS after the benches: " + describe(afterBenches));
    }

    BenchResult result(BenchContext ctx, Machine machine) {
        String tables = table(upSeconds, afterStart, afterBenches);
        List<String> notes = new ArrayList<>();
        notes.add("Machine: " + machine.describe());
        notes.add(ctx.jvmNote());
        notes.add("`./cluster down --purge` then `./cluster up --participants 3 --coordinators 1` (jars and "
                + "fast-start archives built), timed until every instance answers ready; RSS is VmRSS of "
                + "/proc/PID/status for every pid file of the cluster; targets ≤ 30 s and ≤ 1,536 MiB in all");
        return new BenchResult("footprint", "Footprint: start time and memory", tables, notes, null);
    }

    static String table(double upSeconds, Map<String, Long> afterStart, Map<String, Long> afterBenches) {
        List<String> header = new ArrayList<>(List.of("", "up → all ready"));
        header.addAll(afterStart.keySet());
        header.add("total RSS");
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        table.row(row("right after start", Fmt.seconds(upSeconds), afterStart, afterStart));
        if (afterBenches != null) {
            table.row(row("after the other benches", "", afterStart, afterBenches));
        }
        long worst = Math.max(sum(afterStart), afterBenches == null ? 0 : sum(afterBenches));
        return table.render() + "\nstart " + Fmt.seconds(upSeconds) + (upSeconds <= TARGET_SECONDS ? " (within" :
                " (**over**") + " the 30 s target); largest total RSS " + Fmt.mib(worst)
                + (worst <= TARGET_BYTES ? " (within" : " (**over**") + " the 1,536 MiB target)\n";
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
