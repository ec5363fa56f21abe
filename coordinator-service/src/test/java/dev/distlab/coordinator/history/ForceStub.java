package dev.distlab.coordinator.history;

import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.withSettings;

import org.mockito.stubbing.Answer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

import dev.distlab.common.storage.H2GroupCommit;

/**
 * Makes the coordinator's disk force a Mockito mock that hands every call to the real one, so that a test can make
 * one force fail after it really forced (what was committed is then in H2, as when the fsync itself fails) without
 * the real failure, which is fatal and sticky. Deliberately not a {@code @Configuration}: the coordinator's
 * component scan would give it to every test; a test adds it with {@code BankFixture.with}.
 */
public class ForceStub {

    @Bean
    static BeanPostProcessor delegatingForce() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof H2GroupCommit real
                        ? mock(H2GroupCommit.class, withSettings().stubOnly().defaultAnswer(delegatesTo(real)))
                        : bean;
            }
        };
    }

    /**
     * The next force of {@code disk} (the coordinator's, made by this class) forces, then throws {@code failure};
     * later ones only force. Call it while no force runs: Mockito stubs a mock that no other thread is calling.
     */
    static void failNextForce(H2GroupCommit disk, RuntimeException failure) {
        Answer<?> real = mockingDetails(disk).getMockCreationSettings().getDefaultAnswer();
        doAnswer(invocation -> {
            real.answer(invocation);
            throw failure;
        }).doAnswer(real).when(disk).force();
    }
}
