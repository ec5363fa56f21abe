package dev.distlab.participant.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.distlab.paxos.kv.KvCommand;

/**
 * A stopping replica answers its long-polls and watches with what it has: the web server's graceful shutdown
 * waits for the requests under way, and a long-poll whose client already went away held it for its full 10 s.
 */
class ConfigWaiterStopTest {

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private final InMemoryConfigStore store = new InMemoryConfigStore();
    private final ConfigWaiter waiter = new ConfigWaiter();

    @AfterEach
    void destroy() {
        waiter.destroy();
    }

    @Test
    void shouldAnswerWaitingLongPollsAndWatchesWithWhatItHasWhenStopped() throws Exception {
        store.apply(KvCommand.put("app/a", "1"));
        waiter.start();
        var poll = waiter.awaitKey(store, "app/a", store.revision(), ConfigStore.Consistency.STALE, FIVE_MINUTES);
        var watch = waiter.watch(store, "app/", null, ConfigStore.Consistency.STALE, FIVE_MINUTES);
        assertThat(poll).as("nothing changed yet").isNotDone();
        assertThat(watch).as("nothing changed yet").isNotDone();

        waiter.stop();

        ConfigWaiter.KeyState key = poll.get(30, TimeUnit.SECONDS); // five minutes without the stop
        assertThat(key.changed()).isFalse();
        assertThat(key.entry().value()).isEqualTo("1");
        assertThat(watch.get(30, TimeUnit.SECONDS).result().events()).isEmpty();
        assertThat(waiter.isRunning()).isFalse();
    }

    @Test
    void shouldAnswerALongPollBegunWhileStoppingAtOnce() {
        waiter.start();
        waiter.stop();

        var poll = waiter.awaitKey(store, "app/a", store.revision(), ConfigStore.Consistency.STALE, FIVE_MINUTES);

        assertThat(poll).isCompletedWithValueMatching(state -> !state.changed() && state.entry() == null);
    }

    @Test
    void shouldWaitAgainOnceStartedAfterAStop() throws Exception {
        waiter.start();
        waiter.stop();
        waiter.start();
        var poll = waiter.awaitKey(store, "app/a", store.revision(), ConfigStore.Consistency.STALE, FIVE_MINUTES);
        assertThat(poll).as("nothing changed yet").isNotDone();

        store.apply(KvCommand.put("app/a", "3"));

        assertThat(poll.get(30, TimeUnit.SECONDS).entry().value()).isEqualTo("3");
    }

    @Test
    void shouldStillAnswerAChangeWhileRunning() throws Exception {
        waiter.start();
        var poll = waiter.awaitKey(store, "app/a", store.revision(), ConfigStore.Consistency.STALE, FIVE_MINUTES);

        store.apply(KvCommand.put("app/a", "2"));

        ConfigWaiter.KeyState key = poll.get(30, TimeUnit.SECONDS);
        assertThat(key.changed()).isTrue();
        assertThat(key.entry().value()).isEqualTo("2");
    }
}
