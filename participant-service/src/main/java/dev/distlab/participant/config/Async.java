package dev.distlab.participant.config;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.springframework.web.context.request.async.DeferredResult;

/** Hands a future to Spring MVC as a DeferredResult with its own timeout (long-polls outlast the default). */
final class Async {

    private Async() {
    }

    static <T> DeferredResult<T> defer(CompletableFuture<? extends T> future, Duration timeout) {
        DeferredResult<T> result = new DeferredResult<>(timeout.toMillis(),
                () -> new StoreUnavailableException("The config store did not answer in time"));
        future.whenComplete((value, error) -> {
            if (error != null) {
                result.setErrorResult(unwrap(error));
            } else {
                result.setResult(value);
            }
        });
        return result;
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
