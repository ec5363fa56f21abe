package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.assertProblem;
import static dev.distlab.participant.bank.BankHttp.item;
import static dev.distlab.participant.bank.BankHttp.prepareItem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.distlab.participant.bank.BankHttp.Op;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A batch's input: a malformed envelope refuses the whole request and changes nothing; a bad item refuses only itself.
 */
class BankBatchInputTest extends BankApiTestBase {

    /**
     * Envelopes that must be refused; %p is replaced by an item preparing a fresh transaction on account %a, %x by an
     * item aborting a fresh one: if any ran, its branch or tombstone would exist.
     */
    static Stream<String> badEnvelopes() {
        return Stream.of(
                "{\"items\":[]}",
                "{}",
                "{\"items\":null}",
                "{\"items\":%x}",
                "{\"items\":\"abort\"}",
                "[%p,%x]",
                "\"items\"",
                "{\"items\":[%p,%x],\"extra\":1}",
                "{\"items\":[%p,%x,null]}",
                "{\"items\":[%p,%x,7]}",
                "{\"items\":[%p,%x,[]]}",
                "{\"items\":[%p,{\"txId\":\"%t\",\"action\":\"abort\",\"extra\":true}]}",
                "{\"items\":[%p,{\"txId\":\"%t\",\"action\":\"prepare\",\"body\":{\"operations\":[],\"unknown\":1}}]}",
                "{\"items\":[%p,%x]",
                "");
    }

    @ParameterizedTest
    @MethodSource("badEnvelopes")
    void aMalformedEnvelopeIsRefusedWholeAndChangesNothing(String template) {
        String a = bank.newAccount("a", 100);
        String prepare = BankHttp.txId();
        String abort = BankHttp.txId();
        String body = template.replace("%p", prepareItem(prepare, new Op(a, -1)).toString())
                .replace("%x", item(abort, "abort", null).toString()).replace("%t", BankHttp.txId());

        assertProblem(bank.batch(body), 400);

        assertProblem(bank.branch(prepare), 404);
        assertProblem(bank.branch(abort), 404);
        assertThat(bank.locks().findValuesAsString("account")).doesNotContain(a);
    }

    @Test
    void moreThan256ItemsAreRefusedWhole() {
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            items.add(item(BankHttp.txId(), "abort", null));
        }
        JsonNode problem = assertProblem(bank.batch(BankHttp.batchBody(items)), 400);
        assertThat(problem.path("detail").asString()).contains("256");
        assertProblem(bank.branch(items.get(0).path("txId").asString()), 404);
        assertProblem(bank.branch(items.get(256).path("txId").asString()), 404);

        // and 256 are run
        JsonNode results = bank.batch(items.subList(0, 256).toArray(ObjectNode[]::new));
        assertThat(results.findValuesAsString("state")).hasSize(256).containsOnly("ABORTED");
    }

    @Test
    void aBadItemIsRefusedAloneAndTheOthersRun() {
        String a = bank.newAccount("a", 100);
        String ok = BankHttp.txId();
        String aborted = BankHttp.txId();
        String tx = BankHttp.txId();

        JsonNode results = bank.batch(
                item("not-a-uuid", "commit", null),
                prepareItem(ok, new Op(a, -1)),
                item(tx, "frobnicate", null),
                item(tx, null, null),
                item(tx, "abort", BankHttp.prepareBody("paxos", null, List.of(new Op(a, 1)))),
                item(null, "abort", null),
                item(tx, "prepare", BankHttp.prepareBody("local", null, List.of(new Op(a, 1)))),
                item(aborted, "abort", null));

        assertThat(BankHttp.statuses(results))
                .containsExactly(400, 200, 400, 400, 400, 400, 400, 200);
        assertThat(results.get(0).path("body").path("detail").asString()).contains("UUID");
        assertThat(results.get(0).path("body").path("status").asInt()).isEqualTo(400);
        assertThat(results.get(0).path("body").path("instance").asString())
                .isEqualTo("/internal/bank/transactions/not-a-uuid/commit");
        assertThat(results.get(2).path("body").path("detail").asString())
                .isEqualTo("action: is one of prepare, commit, abort");
        assertThat(results.get(4).path("body").path("detail").asString()).startsWith("body: ");
        assertThat(results.get(6).path("body").path("detail").asString()).contains("coordinatorUrl");
        assertThat(bank.state(ok)).isEqualTo("PREPARED");
        assertThat(bank.state(aborted)).isEqualTo("ABORTED");
        assertProblem(bank.branch(tx), 404);
        bank.abort(ok);
    }

    @Test
    void withoutTheClusterTokenTheBatchIsRefusedAndChangesNothing() {
        String tx = BankHttp.txId();
        String body = BankHttp.batchBody(List.of(item(tx, "abort", null)));
        assertProblem(bank.send("POST", "/internal/bank/batch", body, false), 401);
        assertProblem(bank.branch(tx), 404);
    }
}
