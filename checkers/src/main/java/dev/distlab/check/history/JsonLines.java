package dev.distlab.check.history;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Histories as JSON lines, one operation per line, in the shape Jepsen's tools read:
 * {@code {"index":0,"type":"invoke","f":"write","value":["k1",3],"process":0,"time":1200}}, with
 * {@code "process":"nemesis"} for the fault injector and optional {@code "node"} and {@code "error"}.
 */
public final class JsonLines {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private JsonLines() {
    }

    public static String toLine(Op op) {
        return JSON.writeValueAsString(toMap(op));
    }

    /** The JSON object of one line as JSON-shaped Java, in Jepsen's field order (results.json embeds it). */
    public static Map<String, Object> toMap(Op op) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", op.index());
        line.put("type", op.type().json());
        line.put("f", op.f());
        line.put("value", op.value());
        line.put("process", op.isNemesis() ? "nemesis" : op.process());
        line.put("time", op.time());
        if (op.node() != null) {
            line.put("node", op.node());
        }
        if (op.error() != null) {
            line.put("error", op.error());
        }
        return line;
    }

    public static Op fromLine(String line) {
        JsonNode node = JSON.readTree(line);
        JsonNode process = node.path("process");
        return new Op(node.path("index").asLong(-1), OpType.fromJson(node.path("type").asString()),
                node.path("f").asString(), toJava(node.get("value")),
                process.isString() && process.asString().equals("nemesis") ? Op.NEMESIS : process.asInt(),
                node.path("time").asLong(), text(node.get("node")), text(node.get("error")));
    }

    public static void write(History history, Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(history.ops(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(List<Op> ops, Writer out) throws IOException {
        for (Op op : ops) {
            out.write(toLine(op));
            out.write('\n');
        }
    }

    public static History read(Path file) {
        List<Op> ops = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    ops.add(fromLine(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new History(ops);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    /** JSON to the plain Java values {@link Op#value()} holds: integers become Long, objects keep their order. */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
        return map;
    }
}
