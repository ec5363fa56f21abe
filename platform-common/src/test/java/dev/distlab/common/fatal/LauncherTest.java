package dev.distlab.common.fatal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LauncherTest {

    private final String before = System.getProperty(Launcher.COMMON_POOL_PARALLELISM);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Launcher.COMMON_POOL_PARALLELISM);
        } else {
            System.setProperty(Launcher.COMMON_POOL_PARALLELISM, before);
        }
    }

    @Test
    void onTwoCoresOrFewerTheCommonPoolGetsTwoWorkers() {
        System.clearProperty(Launcher.COMMON_POOL_PARALLELISM);

        Launcher.atLeastTwoCommonPoolWorkers();

        assertThat(System.getProperty(Launcher.COMMON_POOL_PARALLELISM))
                .isEqualTo(Runtime.getRuntime().availableProcessors() <= 2 ? "2" : null);
    }

    @Test
    void anExplicitSettingIsLeftAlone() {
        System.setProperty(Launcher.COMMON_POOL_PARALLELISM, "1");

        Launcher.atLeastTwoCommonPoolWorkers();

        assertThat(System.getProperty(Launcher.COMMON_POOL_PARALLELISM)).isEqualTo("1");
    }
}
