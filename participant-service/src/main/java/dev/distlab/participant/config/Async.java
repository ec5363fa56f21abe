package dev.distlab.participant.config;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.web.context.request.async.DeferredResult;

/**
 * Turns the store's futures into answers. Single operations wait on the request thread ({@link #await}): they
 * finish within the store's own few-second timeout, and an async dispatch would run the whole filter chain and
 * dispatcher a second time for every request. Long-polls, which may wait minutes, go through
 * {@link #defer} and free their thread.
 */
public final class Async {

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

    /** Waits for the future; its failure is rethrown as it is, and running out of time is a 503. */
    public static <T> T await(CompletableFuture<? extends T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("The config store did not answer in time");
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while waiting for the config store", e);
        }
    }

    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
