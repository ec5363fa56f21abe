package dev.distlab.configclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.distlab.configclient.fake.FakeConfigStore;

class WatcherTest {

    private FakeConfigStore store;
    private ConfigClient client;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private final WatchListener recorder = new WatchListener() {
        @Override
        public void reset(long revision, List<Entry> entries) {
            seen.add("reset " + entries.stream().map(e -> e.key() + "=" + e.value()).toList());
        }

        @Override
        public void event(WatchEvent event) {
            seen.add(event.type() + " " + event.key() + "=" + event.value());
        }
    };

    @BeforeEach
    void start() {
        store = FakeConfigStore.start();
        client = ConfigClient.builder().replica(store.url()).requestTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    private Watcher watcher() {
        return client.watcher("p/", recorder,
                new Watcher.Settings(Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    @Test
    void shouldStartWithTheCurrentEntriesThenDeliverEveryChangeInOrder() throws Exception {
        store.put("p/a", "1");
        store.put("other", "x");
        try (Watcher watcher = watcher().start()) {
            assertThat(watcher.awaitFirstReset(Duration.ofSeconds(5))).isTrue();
            for (int i = 0; i < 20; i++) {
                store.put("p/n", Integer.toString(i));
            }
            store.delete("p/a");
            store.put("other", "y");
            await(() -> seen.size() == 22);
            assertThat(seen.get(0)).isEqualTo("reset [p/a=1]");
            for (int i = 0; i < 20; i++) {
                assertThat(seen.get(i + 1)).isEqualTo("PUT p/n=" + i);
            }
            assertThat(seen.get(21)).isEqualTo("DELETE p/a=null");
            assertThat(watcher.revision()).isGreaterThanOrEqualTo(store.revision() - 1);
        }
    }

    @Test
    void shouldResetWithAFreshListAfterCompaction() throws Exception {
        store.put("p/a", "1");
        try (Watcher watcher = watcher().start()) {
            assertThat(watcher.awaitFirstReset(Duration.ofSeconds(5))).isTrue();
            store.put("p/b", "2");
            await(() -> seen.contains("PUT p/b=2"));
            // the history the watcher would continue from is gone: its poll gets 410
            store.putAndCompact("p/c", "3");
            await(() -> seen.get(seen.size() - 1).equals("reset [p/a=1, p/b=2, p/c=3]"));
            assertThat(seen).containsExactly("reset [p/a=1]", "PUT p/b=2", "reset [p/a=1, p/b=2, p/c=3]");
        }
    }

    @Test
    void shouldRestartFromAListWhenAWatchAnswers410() throws Exception {
        store.put("p/a", "1");
        try (Watcher watcher = watcher().start()) {
            assertThat(watcher.awaitFirstReset(Duration.ofSeconds(5))).isTrue();
            store.failNext("GET", 410, 1); // the next watch call is told the history is gone
            store.put("p/b", "2");
            await(() -> seen.contains("reset [p/a=1, p/b=2]") || seen.contains("PUT p/b=2"));
            store.put("p/c", "3");
            // the 410 may hit the call that was already waiting or the one after it: either way the watcher
            // lists again (a second reset) and ends up with p/c, as an event or in that reset
            await(() -> seen.stream().skip(1).anyMatch(s -> s.startsWith("reset "))
                    && (seen.contains("PUT p/c=3") || seen.get(seen.size() - 1).contains("p/c=3")));
            assertThat(seen.get(0)).isEqualTo("reset [p/a=1]");
        }
    }

    @Test
    void shouldKeepRetryingWhileTheStoreIsDownAndResetWhenItIsBack() throws Exception {
        store.available(false);
        try (Watcher watcher = watcher().start()) {
            assertThat(watcher.awaitFirstReset(Duration.ofMillis(500))).isFalse();
            store.put("p/a", "1");
            store.available(true);
            assertThat(watcher.awaitFirstReset(Duration.ofSeconds(5))).isTrue();
            assertThat(seen.get(0)).isEqualTo("reset [p/a=1]");
            store.put("p/b", "2");
            await(() -> seen.contains("PUT p/b=2"));
        }
    }

    @Test
    void shouldStopWhenClosed() throws Exception {
        Watcher watcher = watcher().start();
        assertThat(watcher.awaitFirstReset(Duration.ofSeconds(5))).isTrue();
        watcher.close();
        assertThat(watcher.isRunning()).isFalse();
        int before = seen.size();
        store.put("p/x", "1");
        Thread.sleep(300);
        assertThat(seen).hasSize(before);
    }

    @Test
    void shouldKeepGoingWhenTheListenerThrows() throws Exception {
        WatchListener throwing = new WatchListener() {
            @Override
            public void reset(long revision, List<Entry> entries) {
            }

            @Override
            public void event(WatchEvent event) {
                seen.add(event.key());
                if (event.key().equals("p/bad")) {
                    throw new IllegalStateException("listener bug");
                }
            }
        };
        try (Watcher watcher = client.watcher("p/", throwing).start()) {
            assertThat(watcher.awaitFirstReset(Duration.ofSeconds(5))).isTrue();
            store.put("p/bad", "x");
            store.put("p/good", "y");
            await(() -> seen.contains("p/good"));
            assertThat(seen).containsExactly("p/bad", "p/good");
        }
    }

    private void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s; seen " + seen);
            }
            Thread.sleep(20);
        }
    }
}
