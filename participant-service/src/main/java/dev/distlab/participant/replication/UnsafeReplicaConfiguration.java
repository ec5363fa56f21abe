package dev.distlab.participant.replication;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlab.common.unsafe.UnsafeSwitch;
import dev.distlab.common.unsafe.UnsafeSwitches;

/**
 * Hands the config store replica the planted bugs of its unsafe switches (for teaching), before the replica
 * starts: {@code platform.unsafe.accept-before-fsync} (promises and accepts are sent before they are written,
 * write-delay later) and {@code platform.unsafe.reads-without-quorum} (linearizable reads answered from the local
 * state machine, with no read-index round through the leader).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "platform.replication.enabled", matchIfMissing = true)
class UnsafeReplicaConfiguration {

    /** What the replica runs with: a zero delay writes before sending (safe). */
    record Settings(boolean readsWithoutQuorum, Duration acceptWriteDelay) {
        static final Settings SAFE = new Settings(false, Duration.ZERO);

        static Settings of(UnsafeSwitches unsafe) {
            return new Settings(unsafe.isOn(UnsafeSwitch.READS_WITHOUT_QUORUM),
                    unsafe.isOn(UnsafeSwitch.ACCEPT_BEFORE_FSYNC) ? unsafe.writeDelay() : Duration.ZERO);
        }
    }

    /** Singletons are all created before the replica's lifecycle starts it, so the settings are in place by then. */
    @Bean
    Settings unsafeReplicaSettings(ReplicaDriver driver, ObjectProvider<UnsafeSwitches> unsafe) {
        Settings settings = Settings.of(unsafe.getIfAvailable(UnsafeSwitches::none));
        driver.runUnsafely(settings);
        return settings;
    }
}
