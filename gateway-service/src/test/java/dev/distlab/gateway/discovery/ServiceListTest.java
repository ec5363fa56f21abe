package dev.distlab.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ServiceListTest {

    @Test
    void shouldParseIdUrlPairs() {
        assertThat(ServiceList.parse("participant-service",
                "participant-1=http://127.0.0.1:8081, participant-2=http://127.0.0.1:8082,"))
                .containsExactly(new ServiceList.Entry("participant-1", URI.create("http://127.0.0.1:8081")),
                        new ServiceList.Entry("participant-2", URI.create("http://127.0.0.1:8082")));
    }

    @Test
    void shouldNameInstancesWithoutIdsByPosition() {
        assertThat(ServiceList.parse("coordinator-service", "http://c1:8080,http://c2:8080"))
                .extracting(ServiceList.Entry::id).containsExactly("coordinator-service-1", "coordinator-service-2");
    }

    @Test
    void shouldRefuseWhatIsNotAnInstanceList() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceList.parse("s", "a=127.0.0.1:8081"));
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceList.parse("s", "a=ftp://x:1"));
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceList.parse("s", "a=http://x:1,a=http://y:1"))
                .withMessageContaining("appears twice");
    }

    @Test
    void shouldReplaceAServiceListFromAnEnvironmentVariable() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("GATEWAY_SERVICES_PARTICIPANT_SERVICE",
                                "participant-1=http://127.0.0.1:9001,participant-2=http://127.0.0.1:9002",
                                "GATEWAY_SERVICES_COORDINATORSERVICE", "coordinator-1=http://127.0.0.1:9101")));
        ConfigurationPropertySources.attach(environment);
        SimpleDiscoveryProperties properties = new SimpleDiscoveryProperties();
        InstanceProperties old = new InstanceProperties();
        old.setUri(URI.create("http://127.0.0.1:8081"));
        properties.getInstances().put("participant-service", new java.util.ArrayList<>(List.of(old, old, old)));

        new ServiceListOverrides(environment, List.of("participant-service", "coordinator-service")).apply(properties);

        assertThat(properties.getInstances().get("participant-service"))
                .extracting(i -> i.getInstanceId() + "@" + i.toServiceInstance().getUri())
                .containsExactly("participant-1@http://127.0.0.1:9001", "participant-2@http://127.0.0.1:9002");
        assertThat(properties.getInstances().get("coordinator-service"))
                .extracting(i -> i.getInstanceId() + "@" + i.toServiceInstance().getUri())
                .containsExactly("coordinator-1@http://127.0.0.1:9101");
    }
}
