package dev.lucy.tools;

import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolInterceptor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.concurrent.TimeUnit;

/**
 * A resilience4j circuit breaker per provider: once a provider keeps failing (time-outs, passing and fatal errors
 * on its side) its calls are refused at once for a while, so one flaky API cannot hold every run. Mistakes of the
 * caller (invalid arguments, not found, missing connection, refusals) do not count against the provider.
 */
final class CircuitBreakerStage implements ToolInterceptor {
    private final CircuitBreakerRegistry breakers;

    CircuitBreakerStage(CircuitBreakerConfig config) {
        this.breakers = CircuitBreakerRegistry.of(config);
    }

    @Override
    public ToolResult intercept(Chain chain) {
        ToolRequest request = chain.request();
        String provider = request.tool().provider();
        CircuitBreaker breaker = breakers.circuitBreaker(provider);
        if (!breaker.tryAcquirePermission()) {
            return ToolResult.failure(
                    ToolError.UNAVAILABLE,
                    provider + " is failing right now and Lucy has stopped calling it for a while. Do not retry;"
                            + " tell the user it is unavailable or answer another way.");
        }
        long start = breaker.getCurrentTimestamp();
        ToolResult result;
        try {
            result = chain.proceed(request);
        } catch (RuntimeException e) {
            breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            throw e;
        }
        long elapsed = breaker.getCurrentTimestamp() - start;
        TimeUnit unit = breaker.getTimestampUnit();
        if (result instanceof ToolResult.Failure failure && failure.error().countsAgainstHealth()) {
            breaker.onError(elapsed, unit, new ProviderFailure(failure.error()));
        } else if (result instanceof ToolResult.Failure) {
            // Not the provider's fault: give the permission back without recording an outcome.
            breaker.releasePermission();
        } else {
            breaker.onSuccess(elapsed, unit);
        }
        return result;
    }

    /** The breaker's state for a provider, for tests and operators. */
    CircuitBreaker.State state(String provider) {
        return breakers.circuitBreaker(provider).getState();
    }

    /** What the breaker records for a failed call; never shown to anyone. */
    private static final class ProviderFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProviderFailure(ToolError error) {
            super(error.wireName(), null, false, false);
        }
    }
}
