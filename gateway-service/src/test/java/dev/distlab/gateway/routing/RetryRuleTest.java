package dev.distlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import dev.distlab.gateway.health.FailureKind;

class RetryRuleTest {

    @Test
    void aConnectFailureMayGoToAnotherInstanceWhateverTheMethod() {
        for (HttpMethod method : HttpMethod.values()) {
            assertThat(RetryRule.mayTryAnotherInstance(method, FailureKind.CONNECT, true)).as(method.name()).isTrue();
        }
    }

    @Test
    void aBrokenConnectionIsRetriedOnlyForGetAndHeadAndOnlyOnce() {
        assertThat(RetryRule.mayTryAnotherInstance(HttpMethod.GET, FailureKind.IO, false)).isTrue();
        assertThat(RetryRule.mayTryAnotherInstance(HttpMethod.HEAD, FailureKind.IO, false)).isTrue();
        assertThat(RetryRule.mayTryAnotherInstance(HttpMethod.GET, FailureKind.IO, true)).isFalse();
        for (HttpMethod method : new HttpMethod[] {HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
                HttpMethod.DELETE}) {
            assertThat(RetryRule.mayTryAnotherInstance(method, FailureKind.IO, false)).as(method.name()).isFalse();
        }
    }

    @Test
    void aTimeoutOrServerErrorIsNeverRetried() {
        for (HttpMethod method : HttpMethod.values()) {
            assertThat(RetryRule.mayTryAnotherInstance(method, FailureKind.TIMEOUT, false)).isFalse();
            assertThat(RetryRule.mayTryAnotherInstance(method, FailureKind.SERVER_ERROR, false)).isFalse();
        }
    }
}
