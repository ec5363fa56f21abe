package dev.distlab.coordinator.bank;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.distlab.coordinator.participant.Participants;
import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.BankFixture;
import dev.distlab.coordinator.support.FakeCluster;
import dev.distlab.coordinator.support.FakeParticipant;

/** Accounts: placement through the shard map, reads, and the consistent snapshot of all of them. */
class AccountsTest {

    @RegisterExtension
    static final BankFixture bank = new BankFixture(3, "platform.bank.snapshot-attempts=3");

    final Api api = bank.api();
    final FakeCluster cluster = bank.cluster();

    @Test
    void shouldPlaceANewAccountByHashAndCreateItThere() {
        String placed = bank.coordinator().bean(Participants.class).place("alice").id();

        Api.Response r = api.post("/api/accounts", "{\"id\":\"alice\",\"balance\":100}");

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("/api/accounts/alice");
        assertThat(r.text("participant")).isEqualTo(placed);
        assertThat(r.body().path("balance").asLong()).isEqualTo(100);
        assertThat(cluster.store().value("bank/accounts/alice")).isEqualTo(placed);
        assertThat(participant(placed).balance("alice")).isEqualTo(100);
        Api.Response again = api.post("/api/accounts", "{\"id\":\"alice\",\"balance\":1}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void shouldCreateAnAccountWhereAnEarlierShardMapEntryPutsIt() {
        String placed = bank.coordinator().bean(Participants.class).place("zed").id();
        String other = placed.equals("participant-1") ? "participant-2" : "participant-1";
        cluster.store().put("bank/accounts/zed", other); // another coordinator won the create-only write

        Api.Response r = api.post("/api/accounts", "{\"id\":\"zed\",\"balance\":3}");

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.text("participant")).isEqualTo(other);
        assertThat(participant(other).balance("zed")).isEqualTo(3);
        assertThat(participant(placed).balance("zed")).isNull();
    }

    @Test
    void shouldReadAnAccountAtItsOwnerAndCacheWhereItLives() {
        cluster.account("carol", 42, 3);

        Api.Response first = api.get("/api/accounts/carol");
        long storeReads = cluster.store().count("GET");
        Api.Response second = api.get("/api/accounts/carol");

        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(first.body().path("balance").asLong()).isEqualTo(42);
        assertThat(first.text("participant")).isEqualTo("participant-3");
        assertThat(second.body().path("balance").asLong()).isEqualTo(42);
        assertThat(cluster.store().count("GET")).as("the shard map entry is cached").isEqualTo(storeReads);
        assertThat(api.get("/api/accounts/nobody").status()).isEqualTo(404);
    }

    @Test
    void shouldSumOneConsistentSnapshotOfEveryParticipantSortedById() {
        cluster.account("b", 20, 1);
        cluster.account("c", 30, 2);
        cluster.account("a", 10, 3);

        Api.Response r = api.get("/api/accounts");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.body().path("total").asLong()).isEqualTo(60);
        assertThat(r.body().path("accounts")).hasSize(3);
        assertThat(r.body().path("accounts").get(0).path("id").asString()).isEqualTo("a");
        assertThat(r.body().path("accounts").get(0).path("participant").asString()).isEqualTo("participant-3");
        assertThat(r.body().path("accounts").get(2).path("id").asString()).isEqualTo("c");
        for (FakeParticipant p : cluster.participants()) {
            assertThat(p.count("POST", "")).as("one freeze at %s", p.id()).isEqualTo(1);
            assertThat(p.count("DELETE", "")).as("released at %s", p.id()).isEqualTo(1);
        }
    }

    @Test
    void shouldTakeTheSnapshotAgainWhenAFreezeLapsed() {
        cluster.account("a", 10, 1);
        cluster.participant(2).lapseReleases(1);

        Api.Response r = api.get("/api/accounts");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.body().path("total").asLong()).isEqualTo(10);
        assertThat(cluster.participant(1).count("POST", "")).as("a second cut was taken").isEqualTo(2);
    }

    @Test
    void shouldAnswer503WhenNoSnapshotCanBeTakenAndReleaseEveryFreeze() {
        cluster.participant(3).failFreezes(3);

        Api.Response r = api.get("/api/accounts");

        assertThat(r.status()).as("%s", r).isEqualTo(503);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        for (FakeParticipant p : cluster.participants()) {
            assertThat(p.count("DELETE", "")).as("every freeze released at %s", p.id()).isEqualTo(3);
        }
    }

    private FakeParticipant participant(String id) {
        return cluster.participants().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
