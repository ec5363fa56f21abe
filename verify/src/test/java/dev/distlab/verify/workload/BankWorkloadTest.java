package dev.distlab.verify.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.distlab.check.history.OpType;
import dev.distlab.verify.cluster.Http;

class BankWorkloadTest {

    private static OpType outcome(int status, String body) {
        return BankWorkload.outcome(status, Http.JSON.readTree(body), "coordinator-1");
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
        assertThat(BankWorkload.outcome(503, Http.JSON.readTree("{\"title\":\"Service Unavailable\"}"), "gateway"))
                .isEqualTo(OpType.FAIL);
        assertThat(BankWorkload.outcome(504, Http.JSON.readTree("{}"), "gateway")).isEqualTo(OpType.INFO);
    }
}
