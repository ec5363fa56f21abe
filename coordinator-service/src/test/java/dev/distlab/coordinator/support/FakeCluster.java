package dev.distlab.coordinator.support;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.fake.FakeConfigStore;

/** A config store and some fake participants that serve it, as a real cluster's participants do. */
public final class FakeCluster implements AutoCloseable {

    private final FakeConfigStore store = FakeConfigStore.start(Coordinator.TOKEN);
    private final List<FakeParticipant> participants = new ArrayList<>();

    public FakeCluster(int n) {
        for (int i = 1; i <= n; i++) {
            participants.add(new FakeParticipant("participant-" + i, Coordinator.TOKEN, store.url()));
        }
    }

    public FakeConfigStore store() {
        return store;
    }

    public FakeParticipant participant(int i) {
        return participants.get(i - 1);
    }

    public List<FakeParticipant> participants() {
        return participants;
    }

    public String participantsSpec() {
        return participants.stream().map(FakeParticipant::spec).collect(Collectors.joining(","));
    }

    /** Makes the account exist: its shard map entry in the store and its balance at participant {@code i}. */
    public void account(String id, long balance, int i) {
        store.put("bank/accounts/" + id, participant(i).id());
        participant(i).putAccount(id, balance);
    }

    /** Forgets everything: store entries, participants' state, controls and request logs. */
    public void reset() {
        store.reset();
        participants.forEach(FakeParticipant::reset);
    }

    /** Store keys under a prefix that exist now. */
    public long storeKeys(String prefix) {
        try (ConfigClient client = ConfigClient.of(store.url())) {
            return client.list(prefix).entries().size();
        }
    }

    @Override
    public void close() {
        participants.forEach(FakeParticipant::close);
        store.close();
    }
}
