package dev.distlab.coordinator.support;

import java.util.concurrent.atomic.AtomicInteger;

import org.mockito.Mockito;
import org.mockito.stubbing.Answer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.participant.ParticipantClient;

/**
 * Makes the coordinator's history, config store client and participant client Mockito spies, so that a test can
 * make one call fail at the worst moment (the database refusing a commit, a store read failing, a call that throws)
 * while everything else runs for real.
 * Get them with {@code coordinator.bean(TransactionHistory.class)}.
 */
@Configuration(proxyBeanMethods = false)
public class Spies {

    /** For {@code doAnswer(...)}: the first call throws {@code failure}, every later one runs for real. */
    public static Answer<Object> failingOnce(RuntimeException failure) {
        AtomicInteger left = new AtomicInteger(1);
        return invocation -> {
            if (left.getAndDecrement() > 0) {
                throw failure;
            }
            return invocation.callRealMethod();
        };
    }

    @Bean
    static BeanPostProcessor spyOnHistoryAndStore() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                boolean spied = bean instanceof TransactionHistory || bean instanceof ConfigClient
                        || bean instanceof ParticipantClient;
                return spied ? Mockito.spy(bean) : bean;
            }
        };
    }
}
