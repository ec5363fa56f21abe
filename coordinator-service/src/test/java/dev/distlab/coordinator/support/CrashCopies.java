package dev.distlab.coordinator.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A coordinator's data dir as a SIGKILL would leave it, copied while the coordinator runs: what H2 has written to
 * its file (forced or not) and what the history's write-ahead log holds. Copied at different moments, the two
 * make a crash in which H2 lost everything it wrote since the first copy.
 */
public final class CrashCopies {

    private CrashCopies() {
    }

    /** The database files of the coordinator with data dir {@code from} into data dir {@code to}. */
    public static void copyDatabase(Path from, Path to) throws IOException {
        copy(from.resolve("coordinator"), Files.createDirectories(to.resolve("coordinator")), ".mv.db");
    }

    /** The write-ahead log of the history, replacing any copied before. */
    public static void copyLog(Path from, Path to) throws IOException {
        Path target = Files.createDirectories(to.resolve("coordinator").resolve("history-log"));
        copy(from.resolve("coordinator").resolve("history-log"), target, ".log");
    }

    private static void copy(Path source, Path target, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
