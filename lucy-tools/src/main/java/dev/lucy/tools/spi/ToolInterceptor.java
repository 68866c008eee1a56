package dev.lucy.tools.spi;

import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.ToolRequest;

/**
 * One stage of the tool pipeline: it may answer a call itself (refuse it, serve it from elsewhere) or pass it on
 * with {@link Chain#proceed} and look at, or change, the result on the way back.
 *
 * <p>Implementations are thread safe (one instance serves every call) and return expected failures as {@link
 * ToolResult.Failure}; they never return null. The chain enforces its contract: a stage may not switch the tool
 * or the caller of a request, and only a stage that says {@link #repeatsProceed()} may call {@code proceed} more
 * than once.
 */
@FunctionalInterface
public interface ToolInterceptor {

    ToolResult intercept(Chain chain);

    /** Whether this stage may call {@link Chain#proceed} several times for one call (a retry stage does). */
    default boolean repeatsProceed() {
        return false;
    }

    /** The rest of the pipeline, as one stage sees it. */
    interface Chain {
        ToolRequest request();

        /** Runs the later stages and the handler with {@code request}; blocks until they are done. */
        ToolResult proceed(ToolRequest request);
    }
}
