package dev.distlab.check.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history written as JSON lines and read back is the same history, in Jepsen's shape. */
class JsonLinesTest {

    @Test
    void shouldReadBackExactlyWhatItWrote(@TempDir Path dir) {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("balances", Map.of("a1", 5L));
        nested.put("ratio", 0.25);
        nested.put("ok", true);
        nested.put("missing", null);
        History history = new HistoryBuilder().okOp(0, "write", List.of("k", 1L), List.of("k", 1L))
                .invoke(1, "read", Arrays.asList("k", null)).info(1, null, "timeout")
                .nemesis("kill", List.of("participant-2"))
                .invoke(2, "request", Map.of("phase", "rr")).ok(2, nested, "participant-1").build();
        Path file = dir.resolve("history.jsonl");

        JsonLines.write(history, file);
        History back = JsonLines.read(file);

        assertThat(back.ops()).isEqualTo(history.ops());
        assertThat(back.nemesis()).hasSize(1);
        assertThat(back.operations()).hasSize(3);
    }

    @Test
    void shouldWriteJepsensFieldNames() {
        Op nemesis = Op.invoke(Op.NEMESIS, "pause", Map.of("targets", List.of("participant-1")), 42).withIndex(7);
        assertThat(JsonLines.toLine(nemesis)).isEqualTo(
                "{\"index\":7,\"type\":\"invoke\",\"f\":\"pause\",\"value\":{\"targets\":[\"participant-1\"]},"
                        + "\"process\":\"nemesis\",\"time\":42}");
        assertThat(JsonLines.fromLine(JsonLines.toLine(nemesis))).isEqualTo(nemesis);
    }
}
