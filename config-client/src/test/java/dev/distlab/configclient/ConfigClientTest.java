package dev.distlab.configclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.distlab.configclient.fake.FakeConfigStore;

class ConfigClientTest {

    private FakeConfigStore one;
    private FakeConfigStore two;
    private ConfigClient client;

    /** The cluster token the fake stores are started with: their batch endpoint and reserved keys need it. */
    private static final String TOKEN = "secret";

    @BeforeEach
    void start() {
        one = FakeConfigStore.start(TOKEN);
        two = FakeConfigStore.start(TOKEN);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        one.close();
        two.close();
    }

    private ConfigClient client(String... urls) {
        client = sending(ConfigClient.builder().replicas(java.util.Arrays.stream(urls).map(java.net.URI::create)
                .toList())).requestTimeout(Duration.ofMillis(800)).build();
        return client;
    }

    /** A client with the cluster token, as the batch endpoint needs. */
    private ConfigClient member(String... urls) {
        client = sending(ConfigClient.builder().replicas(java.util.Arrays.stream(urls).map(java.net.URI::create)
                .toList())).token(TOKEN).requestTimeout(Duration.ofMillis(800)).build();
        return client;
    }

    /** How the client under test sends its requests: here over a JDK client of its own. */
    ConfigClient.Builder sending(ConfigClient.Builder builder) {
        return builder.connectTimeout(Duration.ofMillis(500));
    }

    /** A port nothing listens on: connections to it are refused. */
    private static String closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldPutGetListAndDelete() {
        ConfigClient c = client(one.url());
        Entry created = c.put("app/a", "1");
        assertThat(created).isEqualTo(new Entry("app/a", "1", 1, created.createRevision(), created.modRevision()));
        Entry replaced = c.put("app/a", "2");
        assertThat(replaced.version()).isEqualTo(2);
        assertThat(replaced.modRevision()).isGreaterThan(created.modRevision());
        c.put("app/b", "x \"quoted\" ü");
        c.put("other", "o");

        assertThat(c.get("app/a")).map(Entry::value).contains("2");
        assertThat(c.get("app/b", Consistency.STALE)).map(Entry::value).contains("x \"quoted\" ü");
        assertThat(c.get("app/none")).isEmpty();
        EntryList list = c.list("app/");
        assertThat(list.entries()).extracting(Entry::key).containsExactly("app/a", "app/b");
        assertThat(list.revision()).isEqualTo(one.revision());
        assertThat(c.list("").entries()).hasSize(3);

        assertThat(c.delete("app/a")).isTrue();
        assertThat(c.delete("app/a")).isFalse();
        assertThat(c.get("app/a")).isEmpty();
    }

    @Test
    void shouldSendEveryRequestThroughTheDecoratedClient() {
        java.util.List<java.net.http.HttpClient> built = new java.util.ArrayList<>();
        // the decorated client sends through a proxy that refuses connections: nothing reaches the store
        java.net.URI proxy = java.net.URI.create(closedPort());
        client = ConfigClient.builder().replica(one.url()).connectTimeout(Duration.ofMillis(500))
                .requestTimeout(Duration.ofMillis(800)).httpClientDecorator(original -> {
                    built.add(original);
                    return java.net.http.HttpClient.newBuilder().proxy(java.net.ProxySelector.of(
                            new java.net.InetSocketAddress(proxy.getHost(), proxy.getPort()))).build();
                }).build();
        assertThat(built).hasSize(1);
        assertThatThrownBy(() -> client.get("app/a")).isInstanceOf(StoreUnavailableException.class);
        assertThat(one.revision()).isZero();
        client.close();
        client = ConfigClient.builder().replica(one.url()).httpClientDecorator(c -> c).build();
        assertThat(client.put("app/a", "1").value()).isEqualTo("1");
    }

    @Test
    void shouldHonourConditionalWrites() {
        ConfigClient c = client(one.url());
        Entry first = c.putIfAbsent("k", "v1");
        assertThatThrownBy(() -> c.putIfAbsent("k", "v2")).isInstanceOfSatisfying(PreconditionFailedException.class,
                e -> assertThat(e.currentModRevision()).hasValue(first.modRevision()));
        Entry second = c.putIfMatch("k", "v2", first.modRevision());
        assertThat(second.value()).isEqualTo("v2");
        assertThatThrownBy(() -> c.putIfMatch("k", "v3", first.modRevision()))
                .isInstanceOfSatisfying(PreconditionFailedException.class,
                        e -> assertThat(e.currentModRevision()).hasValue(second.modRevision()));
        assertThatThrownBy(() -> c.putIfMatch("absent", "v", 5)).isInstanceOfSatisfying(
                PreconditionFailedException.class, e -> assertThat(e.currentModRevision()).isEmpty());
        assertThatThrownBy(() -> c.deleteIfMatch("k", first.modRevision()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(c.deleteIfMatch("k", second.modRevision())).isTrue();
        assertThat(one.value("k")).isNull();
    }

    @Test
    void shouldUseTheNextReplicaWhenTheFirstRefusesConnections() {
        two.put("k", "from-two");
        ConfigClient c = client(closedPort(), two.url());
        assertThat(c.get("k")).map(Entry::value).contains("from-two");
        assertThat(c.list("").entries()).hasSize(1);
    }

    @Test
    void shouldMoveOnAfter503ForAReadAndStayWithTheReplicaThatAnswered() {
        one.put("k", "one");
        two.put("k", "two");
        one.failNext("GET", 503, 1);
        ConfigClient c = client(one.url(), two.url());
        assertThat(c.get("k")).map(Entry::value).contains("two");
        assertThat(one.count("GET")).isEqualTo(1);
        assertThat(c.get("k")).as("sticks to the replica that answered").map(Entry::value).contains("two");
        assertThat(one.count("GET")).isEqualTo(1);
    }

    @Test
    void shouldMoveOnAfter502And504FromAGatewayForReads() {
        one.failNext("GET", 502, 1);
        two.failNext("GET", 504, 1);
        one.put("k", "one");
        ConfigClient c = client(one.url(), two.url());
        assertThatThrownBy(() -> c.get("k")).isInstanceOfSatisfying(StoreUnavailableException.class,
                e -> assertThat(e.status()).isEqualTo(504));
        assertThat(c.get("k")).map(Entry::value).contains("one");
    }

    @Test
    void shouldRetryAWriteOnTheNextReplicaWhenTheConnectionWasRefused() {
        ConfigClient c = client(closedPort(), two.url());
        assertThat(c.put("k", "v").value()).isEqualTo("v");
        assertThat(two.count("PUT")).isEqualTo(1);
        assertThat(c.delete("k")).isTrue();
    }

    @Test
    void shouldNotRetryAWriteThatGot503AfterItWasSent() {
        one.failNext("PUT", 503, 1);
        ConfigClient c = client(one.url(), two.url());
        assertThatThrownBy(() -> c.put("k", "v")).isInstanceOfSatisfying(OutcomeUnknownException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(one.count("PUT")).isEqualTo(1);
        assertThat(two.count("PUT")).as("never retried elsewhere").isZero();

        one.failNext("DELETE", 503, 1);
        assertThatThrownBy(() -> c.delete("k")).isInstanceOf(OutcomeUnknownException.class);
        assertThat(two.count("DELETE")).isZero();
    }

    @Test
    void shouldNotRetryAWriteThatTimedOutAfterItWasSent() {
        one.delayNext("PUT", 2000);
        ConfigClient c = client(one.url(), two.url());
        assertThatThrownBy(() -> c.putIfAbsent("k", "v")).isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("may or may not have been applied");
        assertThat(one.count("PUT")).isEqualTo(1);
        assertThat(two.count("PUT")).isZero();
        assertThat(one.value("k")).as("it was in fact applied").isEqualTo("v");
    }

    @Test
    void shouldRetryAReadThatTimedOutOnTheNextReplica() {
        one.put("k", "one");
        two.put("k", "two");
        one.delayNext("GET", 2000);
        ConfigClient c = client(one.url(), two.url());
        assertThat(c.get("k")).map(Entry::value).contains("two");
    }

    @Test
    void shouldRetryAWriteTheStoreSaysWasSupersededAndNotApplied() {
        one.failNext("PUT", 409, 1);
        ConfigClient c = client(one.url(), two.url());
        assertThat(c.put("k", "v").value()).isEqualTo("v");
        assertThat(two.value("k")).isEqualTo("v");
    }

    @Test
    void shouldSayStoreUnavailableWhenNoReplicaServesARead() {
        one.available(false);
        ConfigClient c = client(closedPort(), one.url());
        assertThatThrownBy(() -> c.list("")).isInstanceOfSatisfying(StoreUnavailableException.class,
                e -> assertThat(e.getMessage()).contains("could not connect").contains("503"));
    }

    @Test
    void shouldSayNotAppliedWhenAWriteCouldReachNoReplica() {
        ConfigClient c = client(closedPort(), closedPort());
        assertThatThrownBy(() -> c.put("k", "v")).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("not applied");
    }

    @Test
    void shouldWriteABatchInOneRequestAndGiveEachWriteItsSingleCallsMeaning() {
        long existing = one.put("tx/t-1/decision", "ABORT");
        long replaced = one.put("app/replace", "old");
        one.put("app/doomed", "x");
        ConfigClient c = member(one.url());

        List<WriteResult> results = c.writeAll(List.of(Write.putIfAbsent("tx/t-2/decision", "COMMIT"),
                Write.putIfAbsent("tx/t-1/decision", "COMMIT"), Write.putIfMatch("app/replace", "new", replaced),
                Write.put("app/plain", "p"), Write.delete("app/doomed"), Write.delete("app/absent"),
                Write.deleteIfMatch("app/replace", replaced)));

        assertThat(one.count("POST")).as("one request").isEqualTo(1);
        assertThat(one.count("PUT") + one.count("DELETE")).isZero();
        assertThat(results).extracting(WriteResult::status).containsExactly(201, 412, 200, 201, 204, 404, 412);
        assertThat(results.get(0).created()).isTrue();
        assertThat(results.get(0).entry()).extracting(Entry::key, Entry::value)
                .containsExactly("tx/t-2/decision", "COMMIT");
        assertThatThrownBy(() -> results.get(1).entry()).isInstanceOfSatisfying(PreconditionFailedException.class,
                e -> assertThat(e.currentModRevision()).hasValue(existing));
        assertThat(results.get(1).failure()).containsInstanceOf(PreconditionFailedException.class);
        assertThat(results.get(2).created()).isFalse();
        assertThat(results.get(2).entry().version()).isEqualTo(2);
        assertThat(results.get(4).deleted()).isTrue();
        assertThat(results.get(5).deleted()).as("absent, as delete() says").isFalse();
        assertThat(results.get(5).failure()).isEmpty();
        assertThatThrownBy(() -> results.get(6).deleted()).isInstanceOf(PreconditionFailedException.class);
        assertThat(one.value("tx/t-1/decision")).isEqualTo("ABORT");
        assertThat(one.value("tx/t-2/decision")).isEqualTo("COMMIT");
        assertThat(one.value("app/replace")).isEqualTo("new");
        assertThat(one.value("app/doomed")).isNull();
    }

    @Test
    void shouldRefuseABatchOfNoneOrTooManyWritesBeforeSendingAnything() {
        ConfigClient c = member(one.url());
        List<Write> tooMany = java.util.stream.IntStream.rangeClosed(0, ConfigClient.MAX_BATCH)
                .mapToObj(i -> Write.put("k/" + i, "v")).toList();
        assertThatThrownBy(() -> c.writeAll(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.writeAll(tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 256");
        assertThatThrownBy(() -> Write.put("a//b", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Write.deleteIfMatch("a", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(one.requests()).isEmpty();
        assertThat(c.writeAll(tooMany.subList(0, ConfigClient.MAX_BATCH))).hasSize(ConfigClient.MAX_BATCH);
    }

    @Test
    void shouldSendABatchToTheNextReplicaWhenTheConnectionWasRefused() {
        ConfigClient c = member(closedPort(), two.url());
        assertThat(c.writeAll(List.of(Write.put("k", "v"))).get(0).entry().value()).isEqualTo("v");
        assertThat(two.value("k")).isEqualTo("v");
    }

    @Test
    void shouldSayOutcomeUnknownForTheWholeBatchWhenItTimedOutAfterItWasSent() {
        one.delayNext("POST", 2000);
        ConfigClient c = member(one.url(), two.url());
        assertThatThrownBy(() -> c.writeAll(List.of(Write.putIfAbsent("a", "1"), Write.putIfAbsent("b", "2"))))
                .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("may or may not have been applied");
        assertThat(two.count("POST")).as("never sent again elsewhere").isZero();
        assertThat(one.value("a")).as("it was in fact applied").isEqualTo("1");
    }

    @Test
    void shouldSayOutcomeUnknownForTheWholeBatchAfter503AndNotRetryIt() {
        one.failNext("POST", 503, 1);
        ConfigClient c = member(one.url(), two.url());
        assertThatThrownBy(() -> c.writeAll(List.of(Write.put("a", "1")))).isInstanceOfSatisfying(
                OutcomeUnknownException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(two.count("POST")).isZero();
    }

    @Test
    void shouldSayNotAppliedWhenABatchCouldReachNoReplica() {
        ConfigClient c = member(closedPort(), closedPort());
        assertThatThrownBy(() -> c.writeAll(List.of(Write.put("a", "1")))).isInstanceOf(
                StoreUnavailableException.class).hasMessageContaining("not applied");
    }

    @Test
    void shouldReportABatchTheStoreRefusedWithItsStatus() {
        ConfigClient withoutToken = client(one.url());
        assertThatThrownBy(() -> withoutToken.writeAll(List.of(Write.put("a", "1"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.status()).isEqualTo(401));
        one.failNext("POST", 400, 1);
        ConfigClient c = member(one.url());
        assertThatThrownBy(() -> c.writeAll(List.of(Write.put("a", "1")))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("400");
        assertThat(one.value("a")).isNull();
    }

    @Test
    void shouldWatchChangesInOrderAndReport410() {
        ConfigClient c = client(one.url());
        long start = one.revision();
        one.put("p/a", "1");
        one.put("q/x", "ignored");
        one.put("p/b", "2");
        one.delete("p/a");
        WatchResult result = c.watch("p/", start, Duration.ofSeconds(1));
        assertThat(result.events()).extracting(WatchEvent::type, WatchEvent::key, WatchEvent::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WatchEvent.Type.PUT, "p/a", "1"),
                        org.assertj.core.groups.Tuple.tuple(WatchEvent.Type.PUT, "p/b", "2"),
                        org.assertj.core.groups.Tuple.tuple(WatchEvent.Type.DELETE, "p/a", null));
        assertThat(result.revision()).isEqualTo(one.revision());
        assertThat(c.watch("p/", result.revision(), Duration.ZERO).events()).isEmpty();
        one.compact();
        assertThatThrownBy(() -> c.watch("p/", start, Duration.ZERO)).isInstanceOfSatisfying(
                CompactedException.class, e -> assertThat(e.compactRevision()).isEqualTo(one.revision()));
    }

    @Test
    void shouldRefuseInvalidKeysBeforeSendingAnything() {
        ConfigClient c = client(one.url());
        List<String> bad = List.of("", "/a", "a/", "a//b", "a/./b", "a/../b", "..", ".", "a b", "a?b", "a#b",
                "a%2Fb", "ü", "x".repeat(513));
        for (String key : bad) {
            assertThatThrownBy(() -> c.get(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.put(key, "v")).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.delete(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> c.list("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(one.requests()).isEmpty();
        for (String key : List.of("a", "x".repeat(512), "A-z_0.9~:/b", "a/.b/..c", "gateway/balancers/p-1")) {
            assertThat(ConfigKeys.keyProblem(key)).as(key).isNull();
        }
        assertThat(c.list("").entries()).isEmpty();
    }

    @Test
    void shouldSendTheTokenWhenGivenOne() {
        client = ConfigClient.builder().replica(one.url()).token("secret").build();
        assertThat(client.get("k")).isEqualTo(Optional.empty());
        assertThat(one.requests().get(0).headers()).containsEntry("authorization", "Bearer secret");
    }

    @Test
    void reservedPrefixesAreWholeFirstSegments() {
        assertThat(ConfigKeys.RESERVED_PREFIXES).containsExactly("tx/", "bank/", "gateway/", "platform/");
        assertThat(ConfigKeys.reservedPrefix("tx/1/decision")).isEqualTo("tx/");
        assertThat(ConfigKeys.reservedPrefix("tx")).isEqualTo("tx/");
        assertThat(ConfigKeys.reservedPrefix("bank/accounts/a")).isEqualTo("bank/");
        assertThat(ConfigKeys.reservedPrefix("gateway/balancers/p")).isEqualTo("gateway/");
        assertThat(ConfigKeys.reservedPrefix("platform/x")).isEqualTo("platform/");
        for (String key : List.of("txx/a", "bankx", "app/tx/a", "TX/a", "gatewayx", "platform-1/a")) {
            assertThat(ConfigKeys.reservedPrefix(key)).as(key).isNull();
        }
    }

    @Test
    void theFakeStoreWritesReservedKeysOnlyWithItsToken() {
        try (FakeConfigStore guarded = FakeConfigStore.start("secret");
                ConfigClient anonymous = ConfigClient.of(guarded.url());
                ConfigClient wrong = ConfigClient.builder().replica(guarded.url()).token("guess").build();
                ConfigClient member = ConfigClient.builder().replica(guarded.url()).token("secret").build()) {
            guarded.put("bank/accounts/a", "participant-1");
            for (ConfigClient c : List.of(anonymous, wrong)) {
                assertThatThrownBy(() -> c.put("tx/t/decision", "COMMIT")).isInstanceOf(ConfigException.class)
                        .hasMessageContaining("403").hasMessageContaining("'tx/'");
                assertThatThrownBy(() -> c.delete("bank/accounts/a")).isInstanceOf(ConfigException.class)
                        .hasMessageContaining("403");
                assertThat(c.get("bank/accounts/a")).map(Entry::value).hasValue("participant-1");
                assertThat(c.put("app/a", "public").value()).isEqualTo("public");
            }
            assertThat(guarded.value("tx/t/decision")).isNull();
            assertThat(member.putIfAbsent("tx/t/decision", "COMMIT").value()).isEqualTo("COMMIT");
            assertThat(member.delete("bank/accounts/a")).isTrue();
        }
        try (FakeConfigStore unguarded = FakeConfigStore.start();
                ConfigClient tokenless = ConfigClient.builder().replica(unguarded.url()).token("anything").build()) {
            assertThatThrownBy(() -> tokenless.put("gateway/balancers/p", "{}")).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("403");
        }
    }
}
