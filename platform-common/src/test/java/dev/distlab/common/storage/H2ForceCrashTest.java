package dev.distlab.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, defect 4: does {@link H2GroupCommit#force()} ever return before the committed row is in the file? A
 * child JVM ({@link ForcedWriterMain}) inserts rows from several threads and prints each id only after its force
 * returned; this test SIGKILLs the child the moment it has read a chosen forced id, reopens the file and looks for
 * every printed id. A SIGKILL keeps the operating system's page cache, so a row can only be lost if it had not been
 * handed to the OS at all — exactly the suspected early release: MVStore's background writer stores on its own
 * after {@code WRITE_DELAY} idle, serializes the chunk on one thread and writes it on another ({@code H2-save});
 * between the two, {@code hasUnsavedChanges()} is already false, so a {@code CHECKPOINT SYNC} stores nothing, waits
 * for nothing and fsyncs a file without the chunk.
 */
class H2ForceCrashTest {

    private static final int PAYLOAD_BYTES = 2_000;
    private static final int ROUNDS_AT_ONCE = 2;

    @TempDir
    Path dir;

    /** The database opened as the services open theirs, busy: eight writers forcing back to back. */
    @Test
    void shouldKeepEveryForcedRowOfABusyDatabaseAfterASigkill() throws Exception {
        Figures figures = killRepeatedly(new Writers("file", 8, 0, 0), 8, 300, new Random(84));

        assertThat(figures.lost).as("forced rows lost after %d SIGKILLs (%d ids checked)", figures.kills,
                figures.checked).isEmpty();
    }

    /**
     * A quiet database (two writers, pauses of up to 1 s, so the background writer stores on its own) whose forces
     * may come up to 300 ms after their commits, and H2's chunk-saving thread held back 100 ms per write: that
     * does not make the race, it widens its window from microseconds to one that a kill right after a forced
     * reply lands in.
     */
    @Test
    void shouldKeepEveryForcedRowOfAQuietDatabaseAfterASigkillWhileTheSaveThreadLags() throws Exception {
        Figures figures = killRepeatedly(new Writers(SlowSaveFilePath.SCHEME, 2, 1_000, 300), 14, 2,
                new Random(844));

        assertThat(figures.lost).as("forced rows lost after %d SIGKILLs (%d ids checked)", figures.kills,
                figures.checked).isEmpty();
    }

    /** How the child writes: its file system scheme, threads, longest pause between rows and before a force. */
    private record Writers(String scheme, int threads, int maxPauseMillis, int maxForceDelayMillis) {
    }

    /**
     * The rounds, {@link #ROUNDS_AT_ONCE} at a time: each has a child and a database file of its own, and what a
     * round checks happens inside its child (a force, then its reply, then the kill), so rounds side by side check
     * the same; most of a round is its child JVM starting, which the second core would otherwise sit out.
     */
    private Figures killRepeatedly(Writers writers, int kills, int mostIdsBeforeKill, Random random)
            throws Exception {
        List<Future<Round>> rounds = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(ROUNDS_AT_ONCE);
        try {
            for (int round = 0; round < kills; round++) {
                int number = round;
                int killAfter = 1 + random.nextInt(mostIdsBeforeKill);
                rounds.add(pool.submit(() -> killOnce(writers, number, killAfter)));
            }
            Figures figures = new Figures();
            for (Future<Round> future : rounds) {
                Round round = resultOf(future);
                figures.kills++;
                figures.checked += round.forced().size();
                for (long id : round.forced()) {
                    if (!round.stored().contains(id)) {
                        figures.lost.add("round " + round.number() + ": id " + id);
                    }
                }
            }
            System.out.printf("H2 force crash test (%s): %d SIGKILLs, %d forced ids checked, %d lost%n",
                    writers.scheme(), figures.kills, figures.checked, figures.lost.size());
            return figures;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A round's outcome, or what failed in it (an assertion on its child) as if it had run on this thread. */
    private static Round resultOf(Future<Round> round) throws Exception {
        try {
            return round.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** What one round's child printed as forced, and what its database held after the SIGKILL. */
    private record Round(int number, Set<Long> forced, Set<Long> stored) {
    }

    private Round killOnce(Writers writers, int number, int killAfter) throws Exception {
        Path file = dir.resolve("round-" + number).resolve("db").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Set<Long> forced = runAndKill(writers, file, killAfter);
        return new Round(number, forced, storedIds(file));
    }

    /** Starts a writer, SIGKILLs it as soon as {@code killAfter} forced ids were read; every id it printed. */
    private Set<Long> runAndKill(Writers writers, Path file, int killAfter) throws Exception {
        Path log = file.getParent().resolve("writer.log");
        String url = "jdbc:h2:" + writers.scheme() + ":" + file + ";DB_CLOSE_ON_EXIT=FALSE";
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ForcedWriterMain.class.getName(), url,
                Integer.toString(writers.threads()), Integer.toString(PAYLOAD_BYTES),
                Integer.toString(writers.maxPauseMillis()), Integer.toString(writers.maxForceDelayMillis()))
                .redirectError(log.toFile()).start();
        ForcedLines lines = new ForcedLines(child, killAfter);
        Thread reader = new Thread(lines::readAll, "forced-ids");
        reader.start();
        try {
            reader.join(60_000);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux; a no-op if the reader already killed it
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(30_000);
        }
        assertThat(child.exitValue()).as("killed, not ended by itself; its stderr: %s", log).isEqualTo(137);
        assertThat(lines.ids()).as("the writer forced rows; its stderr: %s", log)
                .hasSizeGreaterThanOrEqualTo(killAfter);
        return lines.ids();
    }

    private static Set<Long> storedIds(Path file) throws Exception {
        Set<Long> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file, "sa", "");
                Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT id FROM forced")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    /**
     * Reads the child's stdout and SIGKILLs the child on reading its {@code killAfter}-th forced id, then reads
     * what is left in the pipe. Only whole {@code forced <id>} lines count (the kill may cut the last one).
     */
    private static final class ForcedLines {
        private final Process child;
        private final int killAfter;
        private final Set<Long> ids = new TreeSet<>();

        ForcedLines(Process child, int killAfter) {
            this.child = child;
            this.killAfter = killAfter;
        }

        void readAll() {
            InputStream in = child.getInputStream();
            StringBuilder line = new StringBuilder();
            int read = 0;
            try {
                int b;
                while ((b = in.read()) != -1) {
                    if (b != '\n') {
                        line.append((char) b);
                        continue;
                    }
                    if (line.toString().startsWith(ForcedWriterMain.FORCED)) {
                        synchronized (ids) {
                            ids.add(Long.parseLong(line.substring(ForcedWriterMain.FORCED.length())));
                        }
                        if (++read == killAfter) {
                            child.destroyForcibly(); // right after a forced reply
                        }
                    }
                    line.setLength(0);
                }
            } catch (IOException e) {
                // the pipe closed with the child
            }
        }

        Set<Long> ids() {
            synchronized (ids) {
                return new TreeSet<>(ids);
            }
        }
    }

    private static final class Figures {
        int kills;
        long checked;
        final List<String> lost = new ArrayList<>();
    }
}
