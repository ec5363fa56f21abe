package dev.distlab.coordinator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** The fake itself: tests share one per class, so what one test left running must not reach the next. */
class FakeParticipantTest {

    @Test
    void aResetWaitsForAPrepareInProgressSoThatItCannotLockAnAccountOfTheNextTest() throws Exception {
        try (FakeParticipant fake = new FakeParticipant("participant-1", "token", "http://127.0.0.1:1")) {
            fake.putAccount("bob", 5);
            fake.delayPrepares(Duration.ofMillis(500)); // a late vote, as in a timeout test
            CompletableFuture<HttpResponse<String>> prepare = HttpClient.newHttpClient().sendAsync(HttpRequest
                    .newBuilder(URI.create(fake.url() + "/internal/bank/transactions/tx-1/prepare"))
                    .header("Authorization", "Bearer token").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"operations\":[{\"account\":\"bob\",\"delta\":1}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.count("POST", "tx-1/prepare") == 1);

            fake.reset(); // the next test begins
            fake.putAccount("bob", 5);
            prepare.get();

            assertThat(fake.locks()).as("the earlier test's prepare holds no lock in the next one").isEmpty();
        }
    }
}
