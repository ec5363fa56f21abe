package dev.distlab.verify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.distlab.verify.cluster.Exec;

/** What the figures were measured on: cores, memory, kernel, JDK. */
record Machine(int cores, long memoryBytes, String kernel, String jdk) {

    static Machine here() {
        return new Machine(Runtime.getRuntime().availableProcessors(), memTotal(), firstLine(List.of("uname", "-r")),
                firstLine(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")));
    }

    String describe() {
        return String.format(Locale.ROOT, "%d cores, %.0f GiB, Linux %s; JDK: %s", cores, memoryBytes / 1073741824.0,
                kernel, jdk);
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // reported as 0 below
        }
        return 0;
    }

    private static String firstLine(List<String> command) {
        try {
            return Exec.check(command, 30).strip().split("\n")[0];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
