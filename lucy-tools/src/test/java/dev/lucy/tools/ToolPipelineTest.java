package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolException;
import dev.lucy.tools.spi.ToolInterceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ToolPipelineTest {
    private static final Caller CALLER = new Caller("T1", "U1", "C1:1");

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();

    @Test
    void retries_a_read_only_tool_after_passing_failures_with_growing_backoff() {
        AtomicInteger attempts = new AtomicInteger();
        Tool tool = tool("list_projects", SideEffect.READ, (caller, args) -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ToolException(ToolError.RETRYABLE, "try again");
            }
            return ToolResult.success("[\"Lucy\"]");
        });

        ToolResult result = pipeline().execute(request(tool));

        assertThat(result.content()).isEqualTo("[\"Lucy\"]");
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void never_retries_a_writing_tool() {
        AtomicInteger attempts = new AtomicInteger();
        Tool tool = tool("create_task", SideEffect.WRITE, (caller, args) -> {
            attempts.incrementAndGet();
            throw new ToolException(ToolError.RETRYABLE, "try again");
        });

        ToolResult result = pipeline().execute(request(tool));

        assertThat(result)
                .isInstanceOfSatisfying(
                        ToolResult.Failure.class, f -> assertThat(f.error()).isEqualTo(ToolError.RETRYABLE));
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void rate_limit_is_shared_per_provider_and_refills_with_the_clock() {
        Tool first = tool("a_get", SideEffect.READ, (caller, args) -> ToolResult.success("ok")).toBuilder()
                .provider("crm")
                .build();
        Tool second = first.toBuilder().build();
        ToolPipeline pipeline = ToolPipeline.builder()
                .stage(ToolPipeline.Stage.VALIDATE, ToolInterceptors.validation())
                .stage(
                        ToolPipeline.Stage.RATE_LIMIT,
                        ToolInterceptors.rateLimit(Map.of("crm", RateLimit.perMinute(2)), clock))
                .build();
        Caller otherWorkspace = new Caller("T2", "U9", "C9:1");

        assertThat(pipeline.execute(request(first))).isInstanceOf(ToolResult.Success.class);
        assertThat(pipeline.execute(ToolRequest.of(otherWorkspace, second, new ToolCall("c", "a_get", "{}"))))
                .isInstanceOf(ToolResult.Success.class);
        ToolResult limited = pipeline.execute(request(first));
        clock.advance(Duration.ofSeconds(30));
        ToolResult refilled = pipeline.execute(request(first));

        assertThat(limited).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.RATE_LIMITED);
            assertThat(f.message()).contains("crm").contains("30 s");
        });
        assertThat(refilled).isInstanceOf(ToolResult.Success.class);
    }

    @Test
    void caps_long_answers_with_a_marker_and_flags_pages() {
        String big = "x".repeat(5_000);
        Tool tool = tool("dump", SideEffect.READ, (caller, args) -> ToolResult.success(big));
        Tool paged = tool(
                "page",
                SideEffect.READ,
                (caller, args) -> ToolResult.success("{\"items\": [1, 2], \"next_cursor\": \"abc\"}"));
        ToolPipeline pipeline = ToolPipeline.builder()
                .stage(ToolPipeline.Stage.NORMALIZE, ToolInterceptors.normalization(new ResultLimits(1_000)))
                .stage(ToolPipeline.Stage.VALIDATE, ToolInterceptors.validation())
                .build();

        ToolResult.Success cut = (ToolResult.Success) pipeline.execute(request(tool));
        ToolResult.Success page = (ToolResult.Success) pipeline.execute(request(paged));

        assertThat(cut.content()).hasSize(1_000).contains("[truncated: 4000 more characters");
        assertThat(cut.truncated()).isTrue();
        assertThat(page.content())
                .startsWith("{\"items\":[1,2],\"next_cursor\":\"abc\"}")
                .contains("one page of several");
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void reports_an_unexpected_handler_exception_without_its_details() {
        Tool tool = tool("broken", SideEffect.READ, (caller, args) -> {
            throw new IllegalStateException("password=hunter2 at db.internal:5432");
        });

        ToolResult result = pipeline().execute(request(tool));

        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.FATAL);
            assertThat(f.message()).doesNotContain("hunter2").doesNotContain("db.internal");
        });
    }

    @Test
    void the_chain_refuses_a_stage_that_calls_proceed_twice_without_declaring_it() {
        ToolInterceptor twice = chain -> {
            chain.proceed(chain.request());
            return chain.proceed(chain.request());
        };
        assertChainRefuses(twice, "more than once");
    }

    @Test
    void the_chain_refuses_a_stage_that_swaps_the_tool() {
        Tool other = tool("other", SideEffect.DESTRUCTIVE, (c, a) -> ToolResult.success("deleted"));
        ToolInterceptor swap = chain ->
                chain.proceed(ToolRequest.of(CALLER, other, chain.request().call())
                        .withArguments(chain.request().arguments()));
        assertChainRefuses(swap, "must not change the tool");
    }

    /** A pipeline with {@code stage} after validation refuses a read-only call, saying {@code why}. */
    private void assertChainRefuses(ToolInterceptor stage, String why) {
        ToolPipeline pipeline = ToolPipeline.builder()
                .stage(ToolPipeline.Stage.VALIDATE, ToolInterceptors.validation())
                .stage(ToolPipeline.Stage.RATE_LIMIT, stage)
                .build();

        assertThatThrownBy(
                        () -> pipeline.execute(request(tool("t", SideEffect.READ, (c, a) -> ToolResult.success("ok")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(why);
    }

    @Test
    void a_pipeline_without_validation_cannot_be_built() {
        assertThatThrownBy(() -> ToolPipeline.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VALIDATE");
    }

    @Test
    void without_an_approval_gate_destructive_calls_are_refused() {
        AtomicInteger ran = new AtomicInteger();
        Tool tool = tool("drop_project", SideEffect.DESTRUCTIVE, (c, a) -> {
            ran.incrementAndGet();
            return ToolResult.success("dropped");
        });
        ToolPipeline pipeline = ToolPipeline.builder()
                .stage(ToolPipeline.Stage.VALIDATE, ToolInterceptors.validation())
                .stage(ToolPipeline.Stage.APPROVE, ToolInterceptors.refuseDestructive())
                .build();

        ToolResult result = pipeline.execute(request(tool));

        assertThat(result)
                .isInstanceOfSatisfying(
                        ToolResult.Failure.class, f -> assertThat(f.error()).isEqualTo(ToolError.NOT_APPROVED));
        assertThat(ran.get()).isZero();
    }

    private ToolPipeline pipeline() {
        return ToolPipeline.builder()
                .stage(ToolPipeline.Stage.NORMALIZE, ToolInterceptors.normalization(ResultLimits.defaults()))
                .stage(ToolPipeline.Stage.VALIDATE, ToolInterceptors.validation())
                .stage(ToolPipeline.Stage.RETRY, ToolInterceptors.retry(RetryPolicy.defaults(), waits::add))
                .build();
    }

    private static ToolRequest request(Tool tool) {
        return ToolRequest.of(CALLER, tool, new ToolCall("call-1", tool.name(), "{}"));
    }

    private static Tool tool(String name, SideEffect effect, dev.lucy.core.spi.ToolHandler handler) {
        return Tool.builder(name)
                .description("The " + name + " tool")
                .sideEffect(effect)
                .handler(handler)
                .build();
    }
}
