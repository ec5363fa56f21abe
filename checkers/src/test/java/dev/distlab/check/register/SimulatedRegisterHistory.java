package dev.distlab.check.register;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.distlab.check.history.History;
import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;

/**
 * A history of a correct (linearizable) cas register store, simulated: each operation takes effect atomically
 * at one moment between its invocation and its completion; some completions are lost ({@code info}) after or
 * before the effect, and some lost writes take effect only later, after the client gave up — as a write
 * stuck in a replication queue does. Seeded, so every run builds the same history.
 */
final class SimulatedRegisterHistory {

    private enum Stage { IDLE, INVOKED, APPLIED }

    private static final class Client {
        Stage stage = Stage.IDLE;
        Op invocation;
        String f;
        String key;
        Object result; // what the completion reports
        boolean failed;
    }

    private final Random random;
    private final int keys;
    private final Map<String, Long> registers = new HashMap<>();
    private final Map<String, Long> nextValue = new HashMap<>();
    private final List<Op> ops = new ArrayList<>();
    private final List<Runnable> lateEffects = new ArrayList<>();
    private long time;

    private SimulatedRegisterHistory(long seed, int keys) {
        this.random = new Random(seed);
        this.keys = keys;
    }

    /** {@code operations} invocations spread over {@code keys} keys by {@code processes} clients. */
    static History build(long seed, int operations, int keys, int processes) {
        return new SimulatedRegisterHistory(seed, keys).run(operations, processes);
    }

    private History run(int operations, int processes) {
        Client[] clients = new Client[processes];
        Arrays.setAll(clients, i -> new Client());
        int invoked = 0;
        while (invoked < operations || Arrays.stream(clients).anyMatch(c -> c.stage != Stage.IDLE)) {
            if (!lateEffects.isEmpty() && random.nextInt(20) == 0) {
                lateEffects.remove(random.nextInt(lateEffects.size())).run();
            }
            int p = random.nextInt(processes);
            Client client = clients[p];
            switch (client.stage) {
                case IDLE -> {
                    if (invoked < operations) {
                        invoke(p, client);
                        invoked++;
                    }
                }
                case INVOKED -> {
                    if (random.nextInt(40) == 0) {
                        lose(client, true); // lost before it took effect: it may still take effect later
                    } else {
                        apply(client);
                    }
                }
                case APPLIED -> {
                    if (random.nextInt(40) == 0) {
                        lose(client, false);
                    } else {
                        complete(client, client.failed ? OpType.FAIL : OpType.OK, client.result, null);
                    }
                }
            }
        }
        return new History(ops);
    }

    private void invoke(int process, Client client) {
        client.key = "k" + random.nextInt(keys);
        int dice = random.nextInt(10);
        client.f = dice < 4 ? "read" : dice < 8 ? "write" : "cas";
        Object value = switch (client.f) {
            case "read" -> Arrays.asList(client.key, null);
            case "write" -> List.of(client.key, fresh(client.key));
            default -> {
                Long current = registers.get(client.key);
                // half the cas expect the current value (and succeed unless someone overtakes them)
                long expected = current != null && random.nextBoolean() ? current : random.nextInt(5);
                yield List.of(client.key, List.of(expected, fresh(client.key)));
            }
        };
        client.invocation = Op.invoke(process, client.f, value, tick());
        client.stage = Stage.INVOKED;
        client.failed = false;
        ops.add(client.invocation);
    }

    private void apply(Client client) {
        List<?> value = (List<?>) client.invocation.value();
        switch (client.f) {
            case "read" -> client.result = Arrays.asList(client.key, registers.get(client.key));
            case "write" -> {
                registers.put(client.key, (Long) value.get(1));
                client.result = value;
            }
            default -> {
                List<?> cas = (List<?>) value.get(1);
                client.failed = !cas.get(0).equals(registers.get(client.key));
                if (!client.failed) {
                    registers.put(client.key, (Long) cas.get(1));
                }
                client.result = value;
            }
        }
        client.stage = Stage.APPLIED;
    }

    /** The client times out. An operation that had not taken effect yet may do so later, or never. */
    private void lose(Client client, boolean beforeEffect) {
        if (client.f.equals("read")) {
            complete(client, OpType.FAIL, client.invocation.value(), "timeout"); // reads change nothing
            return;
        }
        if (beforeEffect && random.nextBoolean()) {
            Client late = new Client();
            late.f = client.f;
            late.key = client.key;
            late.invocation = client.invocation;
            lateEffects.add(() -> apply(late));
        }
        complete(client, OpType.INFO, null, "timeout");
    }

    private void complete(Client client, OpType type, Object value, String error) {
        ops.add(client.invocation.complete(type, value, tick(), null, error));
        client.stage = Stage.IDLE;
    }

    private long fresh(String key) {
        return nextValue.merge(key, 1L, Long::sum) + 10; // unique per key, and apart from cas guesses 0..4
    }

    private long tick() {
        time += 1 + random.nextInt(1_000_000);
        return time;
    }
}
