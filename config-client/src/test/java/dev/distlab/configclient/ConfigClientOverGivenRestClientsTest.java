package dev.distlab.configclient;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Every test of {@link ConfigClientTest} again, with the config client sending through RestClients it is given, as a
 * service gives it its own: blocking ones here (over {@code HttpURLConnection}), whose failures are read in the JDK
 * client's kinds as the services' {@code ServiceCalls} read theirs. What is retried must not change with them.
 */
class ConfigClientOverGivenRestClientsTest extends ConfigClientTest {

    @Override
    ConfigClient.Builder sending(ConfigClient.Builder builder) {
        return builder.restClients(timeout -> {
            SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
            factory.setConnectTimeout(Duration.ofMillis(500));
            factory.setReadTimeout(timeout);
            return RestClient.builder().requestFactory(factory).build();
        }, ConfigClientOverGivenRestClientsTest::failure);
    }

    /** A read that timed out is "no answer in time"; a refused connection is already a ConnectException. */
    private static IOException failure(ResourceAccessException e) {
        if (e.getCause() instanceof SocketTimeoutException timeout) {
            HttpTimeoutException late = new HttpTimeoutException(timeout.getMessage());
            late.initCause(timeout);
            return late;
        }
        return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
}
