package dev.distlab.participant.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.distlab.paxos.kv.KvCommand;

/** A participant with no cluster token configured refuses every reserved write, whatever token is sent. */
class ReservedKeysWithoutTokenTest extends ConfigApiTestBase {

    @Test
    void everyReservedWriteIsRefusedAndOrdinaryKeysStillWork() {
        store.apply(KvCommand.put("bank/accounts/a", "participant-1"));
        int writes = store.writeCount();
        for (String authorization : new String[] { null, "Bearer ", "Bearer x", "Bearer null" }) {
            var put = request("PUT", "/api/config/tx/t1/decision", body("COMMIT"));
            var delete = request("DELETE", "/api/config/bank/accounts/a", null);
            if (authorization != null) {
                put.header("Authorization", authorization);
                delete.header("Authorization", authorization);
            }
            assertThat(assertProblem(send(put), 403).path("detail").asString()).contains("'tx/'");
            assertThat(assertProblem(send(delete), 403).path("detail").asString()).contains("'bank/'");
        }
        assertThat(store.writeCount()).isEqualTo(writes);
        assertEntry(get("/api/config/bank/accounts/a"), 200, "bank/accounts/a", "participant-1", 1, 1, 1);
        assertEntry(put("app/x", "v"), 201, "app/x", "v", 1, 2, 2);
    }
}
