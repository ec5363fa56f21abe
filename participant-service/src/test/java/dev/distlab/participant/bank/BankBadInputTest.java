package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        String a = BankHttp.account("a");
        String b = BankHttp.account("b");
        bank.createAccounts(100, a, b);
        String tx = BankHttp.txId();
        String p = fill(path, a, b, tx);
        String json = body == null ? null : fill(body, a, b, tx);

        assertProblem(bank.send(method, p, json), 400);

        assertThat(bank.balance(a)).isEqualTo(100);
        assertThat(bank.balance(b)).isEqualTo(100);
        assertThat(bank.locks().findValuesAsString("account")).doesNotContain(a, b);
        assertProblem(bank.branch(tx), 404);
        assertProblem(bank.send("GET", "/internal/bank/accounts/" + a + "-new", null), 404);
    }

    private static String fill(String template, String a, String b, String tx) {
        return template.replace("%a", a).replace("%b", b).replace("%t", tx).replace("%T", tx.toUpperCase());
    }
}
