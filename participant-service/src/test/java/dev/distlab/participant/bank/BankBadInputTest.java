package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** Bad input to the bank endpoints is a 400 problem+json and changes nothing. */
class BankBadInputTest extends BankApiTestBase {

    private static final String OK_OP = "{\"account\":\"%a\",\"delta\":-1}";

    /** %a and %b are replaced by two existing accounts (balance 100), %t by a fresh transaction id. */
    static Stream<Arguments> badRequests() {
        String prepare = "/internal/bank/transactions/%t/prepare";
        return Stream.of(
                // accounts
                Arguments.of("POST", "/internal/bank/accounts", "{\"id\":\"bad id\",\"balance\":1}"),
                Arguments.of("POST", "/internal/bank/accounts", "{\"id\":\"" + "x".repeat(65) + "\",\"balance\":1}"),
                Arguments.of("POST", "/internal/bank/accounts", "{\"id\":\"\",\"balance\":1}"),
                Arguments.of("POST", "/internal/bank/accounts", "{\"balance\":1}"),
                Arguments.of("POST", "/internal/bank/accounts", "{\"id\":\"%a-new\"}"),
                Arguments.of("POST", "/internal/bank/accounts", "{\"id\":\"%a-new\",\"balance\":-1}"),
                Arguments.of("POST", "/internal/bank/accounts", "{\"id\":\"%a-new\",\"balance\":1000000000000001}"),
                Arguments.of("POST", "/internal/bank/accounts", "{\"id\":\"%a-new\",\"balance\":1.5}"),
                Arguments.of("POST", "/internal/bank/accounts", "{\"id\":\"%a-new\",\"balance\":99999999999999999999}"),
                Arguments.of("POST", "/internal/bank/accounts", "{\"id\":\"%a-new\",\"balance\":1,\"extra\":true}"),
                Arguments.of("POST", "/internal/bank/accounts", "{\"id\":\"%a-new\",\"balance\":1"),
                Arguments.of("POST", "/internal/bank/accounts", ""),
                Arguments.of("GET", "/internal/bank/accounts/bad%20id", null),
                // prepare: ids
                Arguments.of("POST", "/internal/bank/transactions/not-a-uuid/prepare", "{\"operations\":[" + OK_OP + "]}"),
                Arguments.of("POST", "/internal/bank/transactions/%T/prepare", "{\"operations\":[" + OK_OP + "]}"),
                // prepare: body
                Arguments.of("POST", prepare, "{\"operations\":[]}"),
                Arguments.of("POST", prepare, "{}"),
                Arguments.of("POST", prepare, ""),
                Arguments.of("POST", prepare, "{\"operations\":[" + OK_OP + "],\"unknown\":1}"),
                Arguments.of("POST", prepare, "{\"operations\":[{\"account\":\"%a\",\"delta\":-1,\"x\":0}]}"),
                Arguments.of("POST", prepare, "{\"operations\":[{\"account\":\"%a\",\"delta\":1000000000001}]}"),
                Arguments.of("POST", prepare, "{\"operations\":[{\"account\":\"%a\",\"delta\":-1000000000001}]}"),
                Arguments.of("POST", prepare, "{\"operations\":[{\"account\":\"%a\",\"delta\":-9223372036854775808}]}"),
                Arguments.of("POST", prepare, "{\"operations\":[{\"account\":\"%a\",\"delta\":1.5}]}"),
                Arguments.of("POST", prepare, "{\"operations\":[{\"account\":\"%a\"}]}"),
                Arguments.of("POST", prepare, "{\"operations\":[{\"account\":\"%a\",\"delta\":null}]}"),
                Arguments.of("POST", prepare, "{\"operations\":[{\"account\":\"bad id\",\"delta\":1}]}"),
                Arguments.of("POST", prepare, "{\"operations\":[{\"delta\":1}]}"),
                Arguments.of("POST", prepare, "{\"operations\":[null]}"),
                Arguments.of("POST", prepare, "{\"operations\":[" + OK_OP + "," + OK_OP + "]}"),
                Arguments.of("POST", prepare, "{\"mode\":\"bogus\",\"operations\":[" + OK_OP + "]}"),
                Arguments.of("POST", prepare, "{\"mode\":\"local\",\"operations\":[" + OK_OP + "]}"),
                Arguments.of("POST", prepare, "{\"mode\":\"local\",\"coordinatorUrl\":\"\",\"operations\":[" + OK_OP
                        + "]}"),
                Arguments.of("POST", prepare, "{\"coordinatorUrl\":\"not a url\",\"operations\":[" + OK_OP + "]}"),
                Arguments.of("POST", prepare, "{\"mode\":\"local\",\"coordinatorUrl\":\"ftp://x\",\"operations\":["
                        + OK_OP + "]}"),
                Arguments.of("POST", prepare, "{\"participants\":[\"has space\"],\"operations\":[" + OK_OP + "]}"),
                Arguments.of("POST", prepare, "{\"operations\":[" + OK_OP + "]"),
                // prepare: when the coordinator created the transaction is required (an old one is refused)
                Arguments.of("POST", prepare, "{\"operations\":[" + OK_OP + "]}"),
                Arguments.of("POST", prepare, "{\"operations\":[" + OK_OP + "],\"createdAt\":null}"),
                Arguments.of("POST", prepare, "{\"operations\":[" + OK_OP + "],\"createdAt\":\"yesterday\"}"),
                Arguments.of("POST", prepare, "{\"operations\":[" + OK_OP + "],\"createdAt\":\"2025-13-01T00:00:00Z\"}"),
                Arguments.of("POST", prepare, "{\"operations\":[" + OK_OP + "],\"createdAt\":12345}"),
                // phase 2, queries, snapshots
                Arguments.of("POST", "/internal/bank/transactions/NOT-A-UUID/commit", null),
                Arguments.of("POST", "/internal/bank/transactions/123/abort", null),
                Arguments.of("GET", "/internal/bank/transactions/xyz", null),
                Arguments.of("GET", "/internal/bank/transactions?state=DONE", null),
                Arguments.of("POST", "/internal/bank/snapshots/bad%20id", null),
                Arguments.of("DELETE", "/internal/bank/snapshots/" + "s".repeat(65), null));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badRequests")
    void badInputIsRefusedWithAProblemAndChangesNothing(String method, String path, String body) {
        refusedAndNothingChanged(method, path, body);
    }

    /**
     * Each rule of the bodies, broken alone (createdAt is valid unless it is the field refused): the field it
     * names and a phrase of why, in the detail ("field: why") and in the errors extension.
     */
    static Stream<Arguments> ruleBreaches() {
        String accounts = "/internal/bank/accounts";
        String prepare = "/internal/bank/transactions/%t/prepare";
        String accountId = "must be an account id: 1-64 characters of [A-Za-z0-9_-]";
        String ops = ",\"operations\":[" + OK_OP + "]}";
        String name = "must be 1-256 printable characters without spaces";
        return Stream.of(
                Arguments.of(accounts, "{\"balance\":1}", "id", accountId),
                Arguments.of(accounts, "{\"id\":\"bad id\",\"balance\":1}", "id", accountId),
                Arguments.of(accounts, "{\"id\":\"" + "x".repeat(65) + "\",\"balance\":1}", "id", accountId),
                Arguments.of(accounts, "{\"id\":\"%a-new\"}", "balance", "is required: an integer number of minor units"),
                Arguments.of(accounts, "{\"id\":\"%a-new\",\"balance\":-1}", "balance", "must be between 0 and 10^15"),
                Arguments.of(accounts, "{\"id\":\"%a-new\",\"balance\":1000000000000001}", "balance",
                        "must be between 0 and 10^15"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\"}", "operations", "is required: at least one"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"operations\":[]}", "operations", "is required"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"operations\":[" + (OK_OP + ",").repeat(10_000) + OK_OP
                        + "]}", "operations", "has more than 10000 entries"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"operations\":[null]}", "operations[0]",
                        "must be an object {\"account\",\"delta\"}"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"operations\":[" + OK_OP + ",null]}", "operations[1]",
                        "must be an object"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"operations\":[{\"delta\":1}]}",
                        "operations[0].account", accountId),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"operations\":[" + OK_OP
                        + ",{\"account\":\"bad id\",\"delta\":1}]}", "operations[1].account", accountId),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"operations\":[{\"account\":\"%a\"}]}",
                        "operations[0].delta", "is required"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"operations\":[{\"account\":\"%a\",\"delta\":1000000000001}]}",
                        "operations[0].delta", "must be between -10^12 and 10^12"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"operations\":[{\"account\":\"%a\",\"delta\":-1000000000001}]}",
                        "operations[0].delta", "must be between -10^12 and 10^12"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"operations\":[" + OK_OP + "," + OK_OP + "]}",
                        "operations[1].account", "appears twice"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"mode\":\"bogus\"" + ops, "mode", "is \"paxos\" or \"local\""),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"coordinator\":\"has space\"" + ops, "coordinator", name),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"participants\":[\"has space\"]" + ops, "participants[0]",
                        name),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"participants\":[\"p-1\",null]" + ops, "participants[1]",
                        name),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"participants\":[" + "\"p\",".repeat(1000) + "\"p\"]"
                        + ops, "participants", "has more than 1000 entries"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"mode\":\"local\"" + ops, "coordinatorUrl",
                        "must be an absolute http(s) URL (required in local mode)"),
                Arguments.of(prepare, "{\"createdAt\":\"%c\",\"coordinatorUrl\":\"not a url\"" + ops, "coordinatorUrl",
                        "must be an absolute http(s) URL"),
                Arguments.of(prepare, "{\"mode\":\"paxos\"" + ops, "createdAt", "is required: the ISO-8601 instant"),
                Arguments.of(prepare, "{\"createdAt\":\"yesterday\"" + ops, "createdAt", "the ISO-8601 instant"),
                Arguments.of(prepare, "{\"createdAt\":\"" + "9".repeat(65) + "\"" + ops, "createdAt",
                        "the ISO-8601 instant"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("ruleBreaches")
    void aBrokenRuleNamesItsFieldAndChangesNothing(String path, String body, String field, String why) {
        JsonNode problem = refusedAndNothingChanged("POST", path, body);

        assertThat(problem.path("detail").asString()).startsWith(field + ": ").contains(why);
        assertThat(problem.path("errors")).as("%s", problem).isNotEmpty().allSatisfy(e -> {
            assertThat(e.path("field").asString()).isEqualTo(field);
            assertThat(e.path("message").asString()).contains(why);
        });
    }

    @Test
    void aBadAccountIdInThePathIsNamed() {
        JsonNode problem = refusedAndNothingChanged("GET", "/internal/bank/accounts/" + "z".repeat(65), null);

        assertThat(problem.path("detail").asString()).startsWith("id: must be an account id");
    }

    /** Sends the request, asserts a 400 problem+json, and that no balance, lock, branch or account changed. */
    private JsonNode refusedAndNothingChanged(String method, String path, String body) {
        String a = BankHttp.account("a");
        String b = BankHttp.account("b");
        bank.createAccounts(100, a, b);
        String tx = BankHttp.txId();
        String p = fill(path, a, b, tx);
        String json = body == null ? null : fill(body, a, b, tx);

        JsonNode problem = assertProblem(bank.send(method, p, json), 400);

        assertThat(bank.balance(a)).isEqualTo(100);
        assertThat(bank.balance(b)).isEqualTo(100);
        assertThat(bank.locks().findValuesAsString("account")).doesNotContain(a, b);
        assertProblem(bank.branch(tx), 404);
        assertProblem(bank.send("GET", "/internal/bank/accounts/" + a + "-new", null), 404);
        return problem;
    }

    private static String fill(String template, String a, String b, String tx) {
        return template.replace("%a", a).replace("%b", b).replace("%t", tx).replace("%T", tx.toUpperCase())
                .replace("%c", Instant.now().toString());
    }
}
