package dev.distlab.paxos.core;

import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.core.persist.PersistedState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/** A hand-driven cluster for focused tests: messages move only when the test says so. */
final class TestCluster {
    final PaxosConfig config;
    final Map<Integer, PaxosReplica> replicas = new HashMap<>();
    final Map<Integer, PersistedState> disks = new HashMap<>();
    final Map<Integer, List<CommittedEntry>> applied = new HashMap<>();
    final Map<Integer, List<Ready>> readies = new HashMap<>();
    final Deque<Message> inFlight = new ArrayDeque<>();

    TestCluster(int n) {
        this(PaxosConfig.ofSize(n));
    }

    TestCluster(PaxosConfig config) {
        this.config = config;
        for (int id : config.members()) {
            disks.put(id, new PersistedState());
            start(id);
        }
    }

    void start(int id) {
        start(id, false);
    }

    void start(int id, boolean rejoining) {
        replicas.put(id, PaxosReplica.restore(id, config, disks.get(id), new Random(id), rejoining));
        applied.put(id, new ArrayList<>());
        readies.put(id, new ArrayList<>());
    }

    PaxosReplica r(int id) {
        return replicas.get(id);
    }

    /** Persists, "sends" and applies whatever each replica has ready. */
    void process() {
        for (int id : replicas.keySet()) {
            PaxosReplica r = replicas.get(id);
            while (r.hasReady()) {
                Ready rd = r.ready();
                readies.get(id).add(rd);
                disks.get(id).applyAll(rd.records());
                inFlight.addAll(rd.messages());
                applied.get(id).addAll(rd.committedEntries());
                r.advance(rd);
            }
        }
    }

    /** Delivers messages (and their consequences) until none is left; drops those {@code drop} matches. */
    void deliverAll(Predicate<Message> drop) {
        process();
        for (int guard = 0; !inFlight.isEmpty() && guard < 100_000; guard++) {
            Message m = inFlight.poll();
            if (!drop.test(m) && replicas.containsKey(m.to())) {
                replicas.get(m.to()).step(m);
            }
            process();
        }
    }

    void deliverAll() {
        deliverAll(m -> false);
    }

    /** Ticks {@code id} for an election timeout while it hears nothing, losing whatever it sends. */
    void hearNothingFor(int id, int ticks) {
        for (int t = 0; t < ticks; t++) {
            r(id).tick();
            process();
            inFlight.removeIf(m -> m.from() == id);
        }
    }

    /** Every replica ticks, then messages flow (minus those {@code drop} matches), {@code ticks} times. */
    void run(int ticks, Predicate<Message> drop) {
        for (int t = 0; t < ticks; t++) {
            replicas.values().forEach(PaxosReplica::tick);
            deliverAll(drop);
        }
    }

    void elect(int id) {
        r(id).campaign();
        deliverAll();
    }

    List<Long> failedReads(int id) {
        List<Long> out = new ArrayList<>();
        readies.get(id).forEach(rd -> out.addAll(rd.failedReads()));
        return out;
    }

    List<ReadState> readStates(int id) {
        List<ReadState> out = new ArrayList<>();
        readies.get(id).forEach(rd -> out.addAll(rd.readStates()));
        return out;
    }

    static Command cmd(String client, long seq, String body) {
        return new Command(new CommandId(client, seq), body.getBytes());
    }
}
