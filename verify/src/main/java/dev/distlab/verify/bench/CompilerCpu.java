package dev.distlab.verify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU the JIT's compiler threads (C1 and C2) of some processes have used so far, read from {@code /proc}: the
 * user and system time (fields 14 and 15 of {@code /proc/PID/task/TID/stat}) of every thread whose name starts
 * with {@code C1 CompilerThre} or {@code C2 CompilerThre} (the kernel keeps 15 characters of a thread's name).
 */
final class CompilerCpu {

    private static final List<String> COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");
    /**
     * Clock ticks per second of those fields: USER_HZ, which Linux reports as 100 on every architecture a JDK
     * runs on (x86, arm64, ppc64le, s390x), whatever the kernel's own tick rate.
     */
    static final double TICKS_PER_SECOND = 100;

    private final Path proc;

    /** @param proc where {@code /proc} is (another directory in tests) */
    CompilerCpu(Path proc) {
        this.proc = proc;
    }

    /** Whether there is a {@code /proc} to read (not on macOS, for one). */
    boolean readable() {
        return Files.isDirectory(proc);
    }

    /**
     * The clock ticks each compiler thread of these processes has used, by {@code PID/TID}. Processes and threads
     * that are gone (or go while they are read) are left out: a JVM stopping, a compiler thread the JVM retires.
     */
    Map<String, Long> ticks(Collection<Long> pids) {
        Map<String, Long> ticks = new HashMap<>();
        for (long pid : pids) {
            Path tasks = proc.resolve(Long.toString(pid)).resolve("task");
            List<Path> threads;
            try (Stream<Path> listed = Files.list(tasks)) {
                threads = listed.toList();
            } catch (IOException e) {
                continue;
            }
            for (Path thread : threads) {
                try {
                    if (isCompiler(Files.readString(thread.resolve("comm")))) {
                        ticks.put(pid + "/" + thread.getFileName(), cpuTicks(Files.readString(thread.resolve("stat"))));
                    }
                } catch (IOException e) {
                    // the thread ended between the listing and the read (or left a stat that is not one)
                }
            }
        }
        return ticks;
    }

    /**
     * Seconds of compiler CPU from one reading to a later one. A thread that is new in the later one counts with
     * all its ticks (it started in between); one that ended in between loses what it used since the first reading,
     * which the JVM's retiring of idle compiler threads makes small.
     */
    static double secondsBetween(Map<String, Long> before, Map<String, Long> after) {
        long ticks = 0;
        for (Map.Entry<String, Long> thread : after.entrySet()) {
            ticks += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0L));
        }
        return ticks / TICKS_PER_SECOND;
    }

    private static boolean isCompiler(String comm) {
        return COMPILER_THREADS.stream().anyMatch(comm::startsWith);
    }

    /** utime + stime of a stat line; counted after the last ')', as the name in parentheses may hold anything. */
    static long cpuTicks(String stat) throws IOException {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
        // fields[0] is field 3 (the state), so field 14 (utime) is fields[11] and field 15 (stime) fields[12]
        if (stat.lastIndexOf(')') < 0 || fields.length < 13) {
            throw new IOException("not a stat line: " + stat);
        }
        try {
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (NumberFormatException e) {
            throw new IOException("not a stat line: " + stat, e);
        }
    }
}
