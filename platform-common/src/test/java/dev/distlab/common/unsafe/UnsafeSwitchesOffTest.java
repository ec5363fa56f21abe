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

/** By default nothing is on, listed or announced. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.application.name=participant-service", "platform.cluster-token=t" })
class UnsafeSwitchesOffTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    UnsafeSwitches switches;

    @Autowired
    MeterRegistry registry;

    @Test
    void nothingIsOnListedOrBanned(CapturedOutput output) throws Exception {
        assertThat(switches.active()).isEmpty();
        assertThat(info(port)).contains("\"unsafe\":[]");
        assertThat(gauge(registry, "vote-before-fsync")).isEqualTo(0.0);
        new UnsafeBanner(switches).afterSingletonsInstantiated();
        assertThat(output.getOut()).doesNotContain("UNSAFE SWITCH ON");
    }
}
