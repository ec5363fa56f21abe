package dev.distlab.participant.bank;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import dev.distlab.participant.config.InMemoryConfigStoreConfiguration;

/**
 * Runs one participant (its own temporary data dir, the in-memory config store, crash points that throw
 * instead of halting) and talks HTTP to its bank endpoints. Branches are never in doubt long enough here for
 * the resolver to touch them; every test uses its own accounts and transaction ids.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "platform.replication.enabled=false", "platform.instance-id=participant-7",
                "management.endpoint.health.validate-group-membership=false",
                "platform.cluster-token=" + BankHttp.TOKEN,
                "platform.bank.in-doubt-timeout=1h",
                "platform.bank.prepare-freeze-wait=1s",
                "platform.bank.snapshot-drain-timeout=1s",
                "platform.bank.snapshot-lapse=2s" })
@Import({ InMemoryConfigStoreConfiguration.class, RecordingCrashPoints.class })
abstract class BankApiTestBase {

    @Value("${local.server.port}")
    int port;

    BankHttp bank;

    @BeforeEach
    void client() {
        bank = new BankHttp(port);
    }
}
