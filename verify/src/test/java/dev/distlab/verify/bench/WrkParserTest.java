package dev.distlab.verify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Real wrk 4 outputs captured on the development machine (src/test/resources/wrk/). */
class WrkParserTest {

    @Test
    void shouldReadRateTotalsAndMicrosecondQuantiles() throws IOException {
        WrkResult r = WrkParser.parse(fixture("ok-latency.txt"));

        assertThat(r.requests()).isEqualTo(74575);
        assertThat(r.seconds()).isCloseTo(1.10, within(1e-9));
        assertThat(r.requestsPerSec()).isCloseTo(67663.76, within(1e-9));
        assertThat(r.p50Ms()).isCloseTo(0.067, within(1e-9));
        assertThat(r.p99Ms()).isCloseTo(3.30, within(1e-9));
        assertThat(r.non2xx()).isZero();
        assertThat(r.socketErrors()).isZero();
        assertThat(r.ok()).isEqualTo(74575);
    }

    @Test
    void shouldLeaveQuantilesUnknownWithoutLatencyDistribution() throws IOException {
        WrkResult r = WrkParser.parse(fixture("ok-nolatency.txt"));

        assertThat(r.requestsPerSec()).isCloseTo(27974.16, within(1e-9));
        assertThat(r.p50Ms()).isNaN();
        assertThat(r.p99Ms()).isNaN();
    }

    @Test
    void shouldReadMillisecondAndSecondQuantiles() throws IOException {
        WrkResult ms = WrkParser.parse(fixture("millis.txt"));
        WrkResult s = WrkParser.parse(fixture("seconds.txt"));

        assertThat(ms.p50Ms()).isCloseTo(71.99, within(1e-9));
        assertThat(ms.p99Ms()).isCloseTo(79.95, within(1e-9));
        // "50%    1.24s " with a trailing blank, as wrk prints seconds
        assertThat(s.p50Ms()).isCloseTo(1240, within(1e-9));
        assertThat(s.seconds()).isCloseTo(3.01, within(1e-9));
        assertThat(s.requestsPerSec()).isCloseTo(1.33, within(1e-9));
    }

    @Test
    void shouldCountNon2xxAsNotOk() throws IOException {
        WrkResult r = WrkParser.parse(fixture("non2xx.txt"));

        assertThat(r.non2xx()).isEqualTo(20130);
        assertThat(r.ok()).isEqualTo(80050 - 20130);
        assertThat(r.okPerSec()).isCloseTo((80050 - 20130) / 1.00, within(1e-6));
    }

    @Test
    void shouldAddUpSocketErrorsOfEveryKind() throws IOException {
        assertThat(WrkParser.parse(fixture("read-errors.txt")).socketErrors()).isEqualTo(4532);
        WrkResult timeouts = WrkParser.parse(fixture("timeouts.txt"));
        assertThat(timeouts.socketErrors()).isEqualTo(2);
        assertThat(timeouts.p50Ms()).isZero();
    }

    @Test
    void shouldCountCommittedByStatusWhenTheScriptReportsThem() throws IOException {
        WrkResult r = WrkParser.parse(fixture("status.txt"));

        assertThat(r.statuses()).containsEntry(200, 43959L).containsEntry(409, 14907L);
        assertThat(r.count(409)).isEqualTo(14907);
        assertThat(r.ok()).isEqualTo(43959);
        assertThat(r.non2xx()).isEqualTo(14907);
    }

    @Test
    void shouldRefuseOutputWithoutResult() throws IOException {
        assertThatThrownBy(() -> WrkParser.parse(fixture("connect-errors.txt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Connection refused");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = WrkParserTest.class.getResourceAsStream("/wrk/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
