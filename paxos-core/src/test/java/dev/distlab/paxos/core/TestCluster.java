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
        config = PaxosConfig.ofSize(n);
        for (int id = 1; id <= n; id++) {
            disks.put(id, new PersistedState());
            start(id);
        }
    }

    void start(int id) {
        replicas.put(id, PaxosReplica.restore(id, config, disks.get(id), new Random(id)));
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
