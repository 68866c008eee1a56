package dev.lucy.tools;

import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolInterceptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one tool call through its stages, in this order:
 *
 * <pre>
 * metrics -> normalise -> validate -> authorize -> approve -> rate limit -> circuit breaker -> timeout -> retry
 *         -> handler
 * </pre>
 *
 * Metrics and normalisation wrap everything, so they see (and shape) every answer, refusals included; the gates
 * then run outermost-first, and the timeout budget covers all retries. Each {@link Stage} can be replaced or left
 * out through the {@link Builder}; {@link ToolInterceptors} makes the standard ones.
 *
 * <p>Thread safe: one pipeline serves every call. {@link #execute} blocks and returns expected failures as values.
 */
public final class ToolPipeline {

    /** The stages, in the order they run. */
    public enum Stage {
        METRICS,
        NORMALIZE,
        VALIDATE,
        AUTHORIZE,
        APPROVE,
        RATE_LIMIT,
        CIRCUIT_BREAKER,
        TIMEOUT,
        RETRY
    }

    private final List<ToolInterceptor> interceptors;

    private ToolPipeline(List<ToolInterceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    /** A builder with no stages; add the ones you want (see {@link ToolInterceptors}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs the call through every stage and the tool's handler. */
    public ToolResult execute(ToolRequest request) {
        Objects.requireNonNull(request, "request");
        return new RealChain(interceptors, 0, request, null).proceed(request);
    }

    /** Chooses the interceptor of each stage. */
    public static final class Builder {
        private final Map<Stage, ToolInterceptor> stages = new EnumMap<>(Stage.class);

        private Builder() {}

        /** Sets (or replaces) the interceptor of {@code stage}. */
        public Builder stage(Stage stage, ToolInterceptor interceptor) {
            stages.put(Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Leaves {@code stage} out. */
        public Builder without(Stage stage) {
            stages.remove(stage);
            return this;
        }

        public ToolPipeline build() {
            if (!stages.containsKey(Stage.VALIDATE)) {
                throw new IllegalArgumentException("stage VALIDATE is required: handlers rely on valid arguments");
            }
            List<ToolInterceptor> ordered = new ArrayList<>();
            for (Stage stage : Stage.values()) {
                ToolInterceptor interceptor = stages.get(stage);
                if (interceptor != null) {
                    ordered.add(interceptor);
                }
            }
            return new ToolPipeline(ordered);
        }
    }

    /**
     * The chain one stage sees. It enforces the contract: same tool and caller all the way down, {@code proceed}
     * once per stage unless the stage repeats it, and never a null answer.
     */
    private static final class RealChain implements ToolInterceptor.Chain {
        private final List<ToolInterceptor> interceptors;
        private final int index;
        private final ToolRequest request;
        private final ToolInterceptor owner;
        private int calls;

        RealChain(List<ToolInterceptor> interceptors, int index, ToolRequest request, ToolInterceptor owner) {
            this.interceptors = Collections.unmodifiableList(interceptors);
            this.index = index;
            this.request = request;
            this.owner = owner;
        }

        @Override
        public ToolRequest request() {
            return request;
        }

        @Override
        public ToolResult proceed(ToolRequest next) {
            Objects.requireNonNull(next, "request");
            if (next.tool() != request.tool() || !next.caller().equals(request.caller())) {
                throw new IllegalStateException(
                        describe(owner) + " must not change the tool or the caller of a call it passes on");
            }
            calls++;
            if (calls > 1 && owner != null && !owner.repeatsProceed()) {
                throw new IllegalStateException(describe(owner) + " called proceed() more than once");
            }
            if (index >= interceptors.size()) {
                return HandlerStage.run(next);
            }
            ToolInterceptor interceptor = interceptors.get(index);
            ToolResult result = interceptor.intercept(new RealChain(interceptors, index + 1, next, interceptor));
            if (result == null) {
                throw new IllegalStateException(describe(interceptor) + " returned null");
            }
            return result;
        }

        private static String describe(ToolInterceptor interceptor) {
            return interceptor == null
                    ? "the pipeline"
                    : "tool interceptor " + interceptor.getClass().getName();
        }
    }

    /** The end of the chain: the tool's handler, with its exceptions turned into typed failures. */
    static final class HandlerStage {
        private HandlerStage() {}

        static ToolResult run(ToolRequest request) {
            if (!request.validated()) {
                throw new IllegalStateException("a handler must not run before the arguments are validated");
            }
            Tool tool = request.tool();
            try {
                ToolResult result = tool.handler().handle(request.caller(), request.arguments());
                if (result == null) {
                    return ToolResult.failure(ToolError.FATAL, tool.name() + " returned no answer");
                }
                return result;
            } catch (dev.lucy.tools.spi.ToolException e) {
                return ToolResult.failure(e.error(), e.getMessage());
            } catch (dev.lucy.core.LucyException e) {
                return e.retriable()
                        ? ToolResult.failure(ToolError.RETRYABLE, tool.name() + " failed with a passing error")
                        : ToolResult.failure(ToolError.FATAL, tool.name() + " failed and cannot succeed as called");
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return ToolResult.failure(ToolError.TIMED_OUT, tool.name() + " was stopped");
                }
                // The model never sees internal details; the failure shows up in the tool's statistics.
                return ToolResult.failure(ToolError.FATAL, tool.name() + " failed unexpectedly");
            }
        }
    }
}
