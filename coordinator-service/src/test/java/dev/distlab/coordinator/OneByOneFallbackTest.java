package dev.distlab.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The fallback's own rules, on a clock the test moves: no batch to a target for the period after its 404, a batch
 * again after it, each target on its own, and one warning per episode and one info at its end.
 */
class OneByOneFallbackTest {

    private long now = 1_000;
    private final Logger log = (Logger) LoggerFactory.getLogger(OneByOneFallbackTest.class.getName() + ".episodes");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final OneByOneFallback fallback;

    OneByOneFallbackTest() {
        logged.start();
        log.addAppender(logged);
        log.setLevel(Level.INFO);
        fallback = new OneByOneFallback(Duration.ofSeconds(60), "branch operations", log, () -> now);
    }

    @AfterEach
    void detach() {
        log.detachAppender(logged);
    }

    private void advance(Duration by) {
        now += by.toNanos();
    }

    @Test
    void batchesAreOnUntilATargetHasNoBatchEndpoint() {
        assertThat(fallback.batchesOff("p-1")).isFalse();
        fallback.batchAnswered("p-1");
        assertThat(logged.list).as("nothing to end").isEmpty();
    }

    @Test
    void batchesAreOffForThePeriodThenOnAgain() {
        fallback.noBatchEndpoint("p-1", "HTTP 404");

        assertThat(fallback.batchesOff("p-1")).isTrue();
        advance(Duration.ofSeconds(60).minusNanos(1));
        assertThat(fallback.batchesOff("p-1")).as("the period's last nanosecond").isTrue();
        advance(Duration.ofNanos(1));
        assertThat(fallback.batchesOff("p-1")).as("the period over: a batch is tried").isFalse();
    }

    @Test
    void eachTargetHasItsOwnPeriod() {
        fallback.noBatchEndpoint("p-1", "HTTP 404");
        advance(Duration.ofSeconds(30));
        fallback.noBatchEndpoint("p-2", "HTTP 404");

        assertThat(fallback.batchesOff("p-3")).isFalse();
        advance(Duration.ofSeconds(30));
        assertThat(fallback.batchesOff("p-1")).isFalse();
        assertThat(fallback.batchesOff("p-2")).isTrue();
        fallback.batchAnswered("p-1");
        assertThat(fallback.batchesOff("p-2")).as("p-1's batch ends only p-1's episode").isTrue();
    }

    @Test
    void anotherNotFoundStartsThePeriodAgainWithoutAnotherWarning() {
        fallback.noBatchEndpoint("p-1", "HTTP 404");
        advance(Duration.ofSeconds(60));
        assertThat(fallback.batchesOff("p-1")).isFalse();

        fallback.noBatchEndpoint("p-1", "HTTP 404 again");
        advance(Duration.ofSeconds(59));

        assertThat(fallback.batchesOff("p-1")).isTrue();
        assertThat(logged.list).hasSize(1);
    }

    @Test
    void anEpisodeIsLoggedOnceAtItsStartAndOnceAtItsEnd() {
        fallback.noBatchEndpoint("p-1", "HTTP 404: no such endpoint");
        fallback.noBatchEndpoint("p-1", "HTTP 404: no such endpoint");
        advance(Duration.ofSeconds(61));
        fallback.batchAnswered("p-1");
        fallback.batchAnswered("p-1");

        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        tuple(Level.WARN, "p-1 has no batch endpoint (HTTP 404: no such "
                                + "endpoint; an older version?): its branch operations go one by one, a batch is "
                                + "tried again every 60 s"),
                        tuple(Level.INFO,
                                "p-1 takes batches of branch operations again"));
        assertThat(fallback.batchesOff("p-1")).isFalse();

        fallback.noBatchEndpoint("p-1", "HTTP 404");
        assertThat(logged.list).as("a new episode, a new warning").hasSize(3);
        assertThat(fallback.batchesOff("p-1")).isTrue();
    }
}
