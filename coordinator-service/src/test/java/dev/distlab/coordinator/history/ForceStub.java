package dev.distlab.coordinator.history;

import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.withSettings;

import org.mockito.stubbing.Answer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

import dev.distlab.common.storage.WriteAheadLog;


/**
 * Makes the history's write-ahead log a Mockito mock that hands every call to the real one, so that a test can make
 * one sync fail after it really synced (what was committed is then in H2 and the log, as when the fsync itself
 * fails) without the real failure, which is fatal and sticky. Deliberately not a {@code @Configuration}: the
 * coordinator's component scan would give it to every test; a test adds it with {@code BankFixture.with}.
 */
public class ForceStub {

    @Bean
    static BeanPostProcessor delegatingForce() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof WriteAheadLog real
                        ? mock(WriteAheadLog.class, withSettings().stubOnly().defaultAnswer(delegatesTo(real)))
                        : bean;
            }
        };
    }

    /**
     * The next sync of {@code log} (the coordinator's, made by this class) syncs, then throws {@code failure};
     * later ones only sync. Call it while no sync runs: Mockito stubs a mock that no other thread is calling.
     */
    static void failNextSync(WriteAheadLog log, RuntimeException failure) {
        Answer<?> real = mockingDetails(log).getMockCreationSettings().getDefaultAnswer();
        doAnswer(invocation -> {
            real.answer(invocation);
            throw failure;
        }).doAnswer(real).when(log).sync();
    }
}
