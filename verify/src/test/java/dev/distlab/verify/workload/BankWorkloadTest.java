package dev.distlab.verify.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.distlab.check.history.OpType;
import dev.distlab.verify.cluster.Http;

class BankWorkloadTest {

    private static OpType outcome(int status, String body) {
        return outcome(status, body, "coordinator-1");
    }

    private static OpType outcome(int status, String body, String answeredBy) {
        return BankWorkload.outcome(new Http.Response(status, body, answeredBy, "application/json", null),
                Http.JSON.readTree(body));
    }

    @Test
    void shouldTellCommittedFromCertainlyNotFromUnknown() {
        assertThat(outcome(201, "{\"transactionId\":\"t1\",\"status\":\"COMMITTED\"}")).isEqualTo(OpType.OK);
        assertThat(outcome(422, "{\"transactionStatus\":\"ABORTED\",\"reason\":\"INSUFFICIENT_FUNDS\"}"))
                .isEqualTo(OpType.FAIL);
        assertThat(outcome(503, "{\"transactionStatus\":\"ABORTED\",\"reason\":\"TIMEOUT\"}")).isEqualTo(OpType.FAIL);
        assertThat(outcome(400, "{\"title\":\"Bad Request\"}")).isEqualTo(OpType.FAIL);
        assertThat(outcome(503, "{\"transactionStatus\":\"UNKNOWN\"}")).isEqualTo(OpType.INFO);
        assertThat(outcome(500, "{}")).isEqualTo(OpType.INFO);
        assertThat(outcome(502, "{}")).isEqualTo(OpType.INFO);
        // the gateway's own 503: no coordinator to send to, so certainly not applied; its 502/504 may have been
        assertThat(outcome(503, "{\"title\":\"Service Unavailable\"}", "gateway"))
                .isEqualTo(OpType.FAIL);
        assertThat(outcome(504, "{}", "gateway")).isEqualTo(OpType.INFO);
    }
}
