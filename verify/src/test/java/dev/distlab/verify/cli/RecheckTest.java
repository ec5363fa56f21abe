package dev.distlab.verify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.check.history.History;
import dev.distlab.check.history.JsonLines;
import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;

/** {@code verify --check history.jsonl} judges a recorded history again, without a cluster. */
class RecheckTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Test
    void shouldFindAStaleReadInARecordedHistory() {
        Path file = write("stale.jsonl", List.of(1L, 2L), 1L); // a read of 1 after the write of 2 completed
        assertThat(Recheck.run(file, new PrintStream(printed, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("register INVALID", "not-linearizable");
    }

    @Test
    void shouldPassALinearizableHistory() {
        Path file = write("fine.jsonl", List.of(1L, 2L), 2L);
        assertThat(Recheck.run(file, new PrintStream(printed, true, StandardCharsets.UTF_8))).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("register valid", "VALID");
    }

    @Test
    void shouldRefuseWhatIsNotAHistory() {
        assertThat(Recheck.run(dir.resolve("missing.jsonl"), new PrintStream(printed, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
    }

    /** Writes of {@code values} one after another, then a read that returns {@code read}. */
    private Path write(String name, List<Long> values, long read) {
        List<Op> ops = new ArrayList<>();
        long time = 0;
        for (long value : values) {
            Op invoke = Op.invoke(0, "write", List.of("k", value), time++);
            ops.add(invoke);
            ops.add(invoke.complete(OpType.OK, List.of("k", value), time++, "participant-1", null));
        }
        Op invoke = Op.invoke(1, "read", java.util.Arrays.asList("k", null), time++);
        ops.add(invoke);
        ops.add(invoke.complete(OpType.OK, List.of("k", read), time, "participant-2", null));
        Path file = dir.resolve(name);
        JsonLines.write(new History(ops), file);
        return file;
    }
}
