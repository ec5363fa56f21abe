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
 * Runs one participant whose disk force can be made to fail ({@link FailingDiskForce}) and whose crash points record
 * what the disk force and the lock table had done when reached ({@link LookingCrashPoints}), and talks HTTP to its
 * bank endpoints. Every test uses its own accounts and transaction ids.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "platform.replication.enabled=false", "platform.instance-id=participant-6",
                "management.endpoint.health.validate-group-membership=false",
                "platform.cluster-token=" + BankHttp.TOKEN,
                "platform.bank.in-doubt-timeout=1h",
                "platform.bank.snapshot-drain-timeout=1s" })
@Import({ InMemoryConfigStoreConfiguration.class, FailingDiskForce.class, LookingCrashPoints.class })
abstract class ForceFailureTestBase {

    @Value("${local.server.port}")
    int port;

    @Autowired
    FailingDiskForce.Force force;

    BankHttp bank;

    @BeforeEach
    void client() {
        bank = new BankHttp(port);
        LookingCrashPoints.HALTS.clear();
    }

    @AfterEach
    void disarmTheForce() {
        force.failNext(0);
    }
}
