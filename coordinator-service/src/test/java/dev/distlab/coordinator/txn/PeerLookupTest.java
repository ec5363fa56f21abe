package dev.distlab.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.distlab.common.PlatformProperties;
import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.BankFixture;

/** GET /api/transactions/{id} of a transaction not in this coordinator's history: 404 only if every peer said so. */
class PeerLookupTest {

    @RegisterExtension
    static final BankFixture BANK = new BankFixture(1);

    @AfterEach
    void noPeers() {
        peers(List.of());
    }

    @Test
    void shouldAnswer404WhenEveryPeerAnsweredThatItDoesNotKnowIt() {
        peers(List.of(BANK.coordinator().url())); // a coordinator that answers 404: itself

        Api.Response r = BANK.api().get("/api/transactions/" + UUID.randomUUID());

        assertThat(r.status()).as("%s", r).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void shouldAnswer503WhenAPeerCouldNotBeAsked() throws IOException {
        String down = deadUrl();
        peers(List.of(BANK.coordinator().url(), down));
        String txId = UUID.randomUUID().toString();

        Api.Response r = BANK.api().get("/api/transactions/" + txId);

        assertThat(r.status()).as("%s", r).isEqualTo(503);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.text("detail")).contains("not here").contains(down).doesNotContain(BANK.coordinator().url());
        assertThat(r.text("transactionId")).isEqualTo(txId);
    }

    @Test
    void shouldStillShowATransactionOfItsOwnHistory() throws IOException {
        peers(List.of(deadUrl()));
        BANK.cluster().account("alice", 10, 1);
        BANK.cluster().account("bob", 0, 1);
        String txId = BANK.api().transfer("alice", "bob", 1).text("transactionId");

        assertThat(BANK.api().get("/api/transactions/" + txId).status()).isEqualTo(200);
    }

    private static void peers(List<String> urls) {
        BANK.coordinator().bean(PlatformProperties.class).setPeers(urls);
    }

    /** A URL on which nothing listens (connection refused). */
    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

}
