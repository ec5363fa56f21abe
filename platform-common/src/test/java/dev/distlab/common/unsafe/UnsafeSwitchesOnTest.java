package dev.distlab.common.unsafe;

import static dev.distlab.common.unsafe.UnsafeView.gauge;
import static dev.distlab.common.unsafe.UnsafeView.info;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.distlab.common.testapp.SampleApplication;
import io.micrometer.core.instrument.MeterRegistry;

/** Switched on: the ERROR banner, /actuator/info's unsafe list, the gauge; another service's switch ignored. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.application.name=participant-service", "platform.cluster-token=t",
                "platform.unsafe.vote-before-fsync=true", "platform.unsafe.reads-without-quorum=true",
                "platform.unsafe.round-robin-off-by-one=true", "platform.unsafe.write-delay=450ms" })
class UnsafeSwitchesOnTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    UnsafeSwitches switches;

    @Autowired
    MeterRegistry registry;

    @Test
    void ownSwitchesAreOnBannedListedAndMeteredAndAnotherServicesSwitchIsIgnored(CapturedOutput output)
            throws Exception {
        assertThat(switches.isOn(UnsafeSwitch.VOTE_BEFORE_FSYNC)).isTrue();
        assertThat(switches.isOn(UnsafeSwitch.READS_WITHOUT_QUORUM)).isTrue();
        assertThat(switches.isOn(UnsafeSwitch.ACCEPT_BEFORE_FSYNC)).isFalse();
        assertThat(switches.isOn(UnsafeSwitch.ROUND_ROBIN_OFF_BY_ONE)).as("the gateway's switch").isFalse();
        assertThat(switches.writeDelay().toMillis()).isEqualTo(450);

        assertThat(info(port)).contains("\"unsafe\":[\"vote-before-fsync\",\"reads-without-quorum\"]");
        assertThat(gauge(registry, "vote-before-fsync")).isEqualTo(1.0);
        assertThat(gauge(registry, "accept-before-fsync")).isEqualTo(0.0);
        assertThat(registry.find("platform.unsafe.switches").tag("name", "round-robin-off-by-one").gauge())
                .as("no gauge for another service's switch").isNull();
    }

    @Test
    void theBannerSaysInPlainWordsWhatCanGoWrong(CapturedOutput output) {
        // the context started before this test's capture began in some orders; the banner is logged again
        new UnsafeBanner(switches).afterSingletonsInstantiated();
        assertThat(output.getOut()).contains("ERROR").contains("UNSAFE SWITCH ON: "
                + "platform.unsafe.vote-before-fsync — this participant answers YES before its vote is on disk; "
                + "a crash can lose a promise. (Written 450 ms after the answer, platform.unsafe.write-delay.) "
                + "For teaching only.")
                .contains("UNSAFE SWITCH ON: platform.unsafe.reads-without-quorum")
                .doesNotContain("UNSAFE SWITCH ON: platform.unsafe.round-robin-off-by-one")
                .contains("platform.unsafe.round-robin-off-by-one is on but belongs to gateway-service");
    }
}
