package dev.lucy.tools;

import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolInterceptor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gives the rest of the call (retries included) the tool's time budget: it runs on a virtual thread of its own
 * and is interrupted when the budget runs out. The model is told the call was cut, and for a writing tool that
 * it may or may not have taken effect.
 */
final class TimeoutStage implements ToolInterceptor {

    @Override
    public ToolResult intercept(Chain chain) {
        ToolRequest request = chain.request();
        Tool tool = request.tool();
        FutureTask<ToolResult> task = new FutureTask<>(() -> chain.proceed(request));
        Thread.ofVirtual().name("lucy-tool-" + tool.name()).start(task);
        try {
            return task.get(tool.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return ToolResult.failure(ToolError.TIMED_OUT, timedOut(tool));
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return ToolResult.failure(ToolError.TIMED_OUT, tool.name() + " was stopped because the run was cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String timedOut(Tool tool) {
        String budget = tool.timeout().toMillis() % 1000 == 0
                ? tool.timeout().toSeconds() + " s"
                : tool.timeout().toMillis() + " ms";
        String effect = tool.sideEffect() == SideEffect.READ
                ? " Try a narrower request, or answer without it."
                : " It may or may not have taken effect: check before calling it again.";
        return tool.name() + " did not finish within its " + budget + " budget and was stopped." + effect;
    }
}
