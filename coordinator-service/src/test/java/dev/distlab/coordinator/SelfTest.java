package dev.distlab.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SelfTest {

    @Test
    void shouldTakeTheConfiguredUrlWithoutItsTrailingSlash() {
        Self self = new Self("coordinator-1", " http://coordinator-1:8091/ ", new MockEnvironment());

        assertThat(self.url()).isEqualTo("http://coordinator-1:8091");
    }

    @Test
    void shouldUseThePortTheServerListensOnOnceItIsKnownAndKeepIt() {
        MockEnvironment environment = new MockEnvironment().withProperty("server.port", "0");
        Self self = new Self("coordinator-1", null, environment);

        assertThat(self.url()).isEqualTo("http://127.0.0.1:0");

        environment.setProperty("local.server.port", "18091");
        assertThat(self.url()).isEqualTo("http://127.0.0.1:18091");

        environment.setProperty("local.server.port", "9999");
        assertThat(self.url()).as("resolved once, not looked up on every transfer").isEqualTo("http://127.0.0.1:18091");
    }
}
