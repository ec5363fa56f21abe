package dev.distlab.participant.config;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the replicated store with {@link InMemoryConfigStore} (the replication layer is switched off too). */
@TestConfiguration(proxyBeanMethods = false)
public class InMemoryConfigStoreConfiguration {

    @Bean
    @Primary
    InMemoryConfigStore inMemoryConfigStore() {
        return new InMemoryConfigStore();
    }
}
