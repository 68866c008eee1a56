package dev.lucy.tools;

import dev.lucy.core.Sleeper;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolInterceptor;

/**
 * Retries passing failures ({@code retryable}, {@code rate_limited}) with exponential backoff, and only for tools
 * where a second call cannot do harm: read-only or declared idempotent.
 */
record RetryStage(RetryPolicy policy, Sleeper sleeper) implements ToolInterceptor {
    @Override
    public boolean repeatsProceed() {
        return true;
    }

    @Override
    public ToolResult intercept(Chain chain) {
        ToolRequest request = chain.request();
        ToolResult result = chain.proceed(request);
        if (!request.tool().idempotent() || request.tool().sideEffect() == SideEffect.DESTRUCTIVE) {
            return result;
        }
        for (int attempt = 2; attempt <= policy.maxAttempts() && retriable(result); attempt++) {
            try {
                sleeper.sleep(policy.backoff(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            result = chain.proceed(request);
        }
        return result;
    }

    private static boolean retriable(ToolResult result) {
        return result instanceof ToolResult.Failure failure
                && (failure.error() == ToolError.RETRYABLE || failure.error() == ToolError.RATE_LIMITED);
    }
}
