package dev.distlab.verify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerCpuTest {

    @TempDir
    Path proc;

    /** A stat line as the kernel writes it, with this name, utime and stime (fields 14 and 15). */
    static String stat(int tid, String name, long utime, long stime) {
        return tid + " (" + name + ") S 1 100 100 0 -1 4194368 2310 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 40 0 2301 5000000000 30000 18446744073709551615 1 1 0 0 0 0 4 0 16800973 0 0 0 -1 1\n";
    }

    private void thread(long pid, int tid, String comm, long utime, long stime) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
        Files.writeString(dir.resolve("comm"), comm + "\n");
        Files.writeString(dir.resolve("stat"), stat(tid, comm, utime, stime));
    }

    @Test
    void shouldSumTheCompilerThreadsOfEveryProcessAndNoOtherThread() throws IOException {
        thread(100, 100, "java", 500, 40);
        thread(100, 112, "C2 CompilerThre", 2_900, 100);
        thread(100, 113, "C1 CompilerThre", 300, 20);
        thread(100, 120, "http-nio-8081-e", 7_000, 900);
        thread(200, 215, "C2 CompilerThre", 1_000, 0);

        Map<String, Long> ticks = new CompilerCpu(proc).ticks(List.of(100L, 200L));

        assertThat(ticks).containsOnly(Map.entry("100/112", 3_000L), Map.entry("100/113", 320L),
                Map.entry("200/215", 1_000L));
    }

    @Test
    void shouldReadTheFiguresAfterTheLastParenthesisOfTheName() throws IOException {
        assertThat(CompilerCpu.cpuTicks(stat(7, "a) (b) 12 13", 250, 50))).isEqualTo(300);
        assertThatThrownBy(() -> CompilerCpu.cpuTicks("7 (java) S 1")).isInstanceOf(IOException.class);
    }

    @Test
    void shouldSkipProcessesAndThreadsThatAreGone() throws IOException {
        thread(100, 112, "C2 CompilerThre", 10, 5);
        // listed, but its files went before they were read
        Files.createDirectories(proc.resolve("100/task/114"));

        Map<String, Long> ticks = new CompilerCpu(proc).ticks(List.of(100L, 999L));

        assertThat(ticks).containsOnly(Map.entry("100/112", 15L));
    }

    @Test
    void shouldCountTheSecondsEachThreadUsedBetweenTwoReadings() {
        Map<String, Long> before = Map.of("100/112", 3_000L, "100/113", 320L, "100/114", 50L);
        // 113 did nothing, 114 was retired, 115 started in between, 200 is a JVM restarted under a new pid
        Map<String, Long> after = Map.of("100/112", 3_120L, "100/113", 320L, "100/115", 20L, "200/215", 10L);

        assertThat(CompilerCpu.secondsBetween(before, after)).isEqualTo(1.5);
        assertThat(CompilerCpu.secondsBetween(after, after)).isZero();
    }

    @Test
    void shouldTellWhetherThereIsAProcToRead() {
        assertThat(new CompilerCpu(proc).readable()).isTrue();
        assertThat(new CompilerCpu(proc.resolve("missing")).readable()).isFalse();
    }

    @Test
    void shouldFindTheCompilerThreadsOfThisJvmInTheRealProc() {
        CompilerCpu real = new CompilerCpu(Path.of("/proc"));
        Assumptions.assumeTrue(real.readable(), "no /proc here");

        // the thread names are the JVM's own, not something this test wrote: a JVM always keeps a compiler thread
        assertThat(real.ticks(List.of(ProcessHandle.current().pid())).keySet())
                .isNotEmpty().allMatch(key -> key.startsWith(ProcessHandle.current().pid() + "/"));
    }
}
