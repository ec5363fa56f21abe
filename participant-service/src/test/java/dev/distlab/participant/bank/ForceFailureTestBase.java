package dev.distlab.participant.bank;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import dev.distlab.participant.config.InMemoryConfigStoreConfiguration;

/**
 * Runs one participant whose log sync can be made to fail ({@link FailingLogSync}) and whose crash points record
 * what the log sync and the lock table had done when reached ({@link LookingCrashPoints}), and talks HTTP to its
 * bank endpoints. Every test uses its own accounts and transaction ids.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "platform.replication.enabled=false", "platform.instance-id=participant-6",
                "management.endpoint.health.validate-group-membership=false",
                "platform.cluster-token=" + BankHttp.TOKEN,
                "platform.bank.in-doubt-timeout=1h",
                "platform.bank.snapshot-drain-timeout=1s" })
@Import({ InMemoryConfigStoreConfiguration.class, FailingLogSync.class, LookingCrashPoints.class })
abstract class ForceFailureTestBase {

    @Value("${local.server.port}")
    int port;

    @Autowired
    FailingLogSync.Log sync;

    BankHttp bank;

    @BeforeEach
    void client() {
        bank = new BankHttp(port);
        LookingCrashPoints.HALTS.clear();
    }

    @AfterEach
    void disarmTheSync() {
        sync.failNext(0);
    }
}
