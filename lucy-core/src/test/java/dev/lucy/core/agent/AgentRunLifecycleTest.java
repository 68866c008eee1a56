package dev.lucy.core.agent;

import static dev.lucy.testkit.fake.ScriptedChatModel.answer;
import static dev.lucy.testkit.fake.ScriptedChatModel.call;
import static dev.lucy.testkit.fake.ScriptedChatModel.calls;
import static dev.lucy.testkit.fake.ScriptedChatModel.toolResults;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.model.Usage;
import dev.lucy.core.spi.ToolHandler;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.testkit.fake.ScriptedChatModel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Time, cancellation, model failures and what the observer hears. */
class AgentRunLifecycleTest {
    static final Caller CALLER = AgentLoopTest.CALLER;
    static final String SCHEMA = AgentLoopTest.SCHEMA;

    private final ManualClock clock = ManualClock.create();
    private final ScriptedChatModel model = new ScriptedChatModel();

    /**
     * The next model call counts {@code started} down, then waits until its thread is interrupted, which it counts on
     * {@code interrupted} before failing as a cancelled call.
     */
    private void modelWaitsUntilInterrupted(CountDownLatch started, CountDownLatch interrupted) {
        model.then(request -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new ModelException("m", new ModelFailure.Cancelled(), "cancelled");
            }
            return answer("never");
        });
    }

    /** Cancels {@code cancellation} from another thread once {@code started} is counted down. */
    private static Thread cancelOnceStarted(Cancellation cancellation, CountDownLatch started) {
        return Thread.ofVirtual().start(() -> {
            try {
                started.await();
                cancellation.cancel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void tool_calls_of_one_turn_run_in_parallel_on_virtual_threads() {
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        AtomicBoolean virtual = new AtomicBoolean(true);
        ToolHandler waitsForTheOther = (caller, args) -> {
            virtual.compareAndSet(true, Thread.currentThread().isVirtual());
            try {
                bothRunning.await(10, TimeUnit.SECONDS);
                return ToolResult.success("met " + args.path("n").asText());
            } catch (Exception e) {
                return ToolResult.success("ran alone");
            }
        };
        Agent agent = Agent.builder()
                .model(model)
                .tools(HandlerToolExecutor.builder()
                        .readOnlyTool(new ToolSpec("wait", "waits", SCHEMA), waitsForTheOther)
                        .build())
                .build();
        model.thenCall(call("a", "wait", "{\"n\":1}"), call("b", "wait", "{\"n\":2}"))
                .then(request -> answer(String.join(
                        ",", toolResults(request).stream().map(Message::content).toList())));

        AgentResult result = agent.run(CALLER, "go");

        assertThat(result.text()).isEqualTo("met 1,met 2");
        assertThat(virtual).isTrue();
    }

    @Test
    void cancelling_interrupts_an_in_flight_model_call() throws Exception {
        CountDownLatch modelStarted = new CountDownLatch(1);
        CountDownLatch modelInterrupted = new CountDownLatch(1);
        modelWaitsUntilInterrupted(modelStarted, modelInterrupted);
        Cancellation cancellation = Cancellation.create();
        Agent agent = Agent.builder().model(model).build();

        Thread canceller = cancelOnceStarted(cancellation, modelStarted);
        AgentResult result = agent.run(AgentRequest.builder(CALLER, "long one")
                .cancellation(cancellation)
                .build());
        canceller.join();

        assertThat(result.outcome()).isEqualTo(new Outcome.Cancelled());
        assertThat(modelInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void cancelling_interrupts_in_flight_tool_calls_and_keeps_no_call_without_its_result() throws Exception {
        CountDownLatch toolStarted = new CountDownLatch(1);
        CountDownLatch toolInterrupted = new CountDownLatch(1);
        Agent agent = Agent.builder()
                .model(model)
                .tools(HandlerToolExecutor.builder()
                        .readOnlyTool(new ToolSpec("slow", "slow", SCHEMA), (caller, args) -> {
                            toolStarted.countDown();
                            try {
                                new CountDownLatch(1).await();
                            } catch (InterruptedException e) {
                                toolInterrupted.countDown();
                            }
                            return ToolResult.success("late");
                        })
                        .build())
                .build();
        model.thenCall(call("a", "slow", "{}"));
        Cancellation cancellation = Cancellation.create();
        cancelOnceStarted(cancellation, toolStarted);

        AgentResult result = agent.run(
                AgentRequest.builder(CALLER, "slow").cancellation(cancellation).build());

        assertThat(result.outcome()).isEqualTo(new Outcome.Cancelled());
        assertThat(toolInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(result.transcript()).containsExactly(Message.user("slow"));
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void a_run_cancelled_before_it_starts_asks_the_model_nothing() {
        Cancellation cancellation = Cancellation.create();
        cancellation.cancel();

        AgentResult result = Agent.builder()
                .model(model)
                .build()
                .run(AgentRequest.builder(CALLER, "hi")
                        .cancellation(cancellation)
                        .build());

        assertThat(result.outcome()).isEqualTo(new Outcome.Cancelled());
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void interrupting_the_thread_that_runs_the_agent_cancels_the_run() throws Exception {
        CountDownLatch modelStarted = new CountDownLatch(1);
        modelWaitsUntilInterrupted(modelStarted, new CountDownLatch(1));
        Agent agent = Agent.builder().model(model).build();
        AgentResult[] result = new AgentResult[1];
        AtomicBoolean stillInterrupted = new AtomicBoolean();

        Thread runner = Thread.ofVirtual().start(() -> {
            result[0] = agent.run(CALLER, "hi");
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        modelStarted.await();
        runner.interrupt();
        runner.join();

        assertThat(result[0].outcome()).isEqualTo(new Outcome.Cancelled());
        assertThat(stillInterrupted).as("the caller's interrupt flag is kept").isTrue();
    }

    @Test
    void a_run_past_its_budget_on_the_clock_times_out_with_what_it_gathered() {
        AgentConfig config =
                AgentConfig.builder().wallClockBudget(Duration.ofSeconds(30)).build();
        Agent agent = agentWithSlowTool(config, "scan", Duration.ofSeconds(31), "3 open incidents");
        model.thenCall(call("a", "scan", "{}"));

        AgentResult result = agent.run(CALLER, "incidents?");

        assertThat(result.outcome()).isEqualTo(new Outcome.TimedOut(Duration.ofSeconds(30)));
        assertThat(result.text()).contains("3 open incidents");
        assertThat(model.requests()).hasSize(1);
        assertThat(result.toolCalls().getFirst().duration()).isEqualTo(Duration.ofSeconds(31));
    }

    @Test
    void a_model_call_that_hangs_past_the_budget_is_interrupted_and_the_run_times_out() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        model.then(request -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            throw new ModelException("m", new ModelFailure.Cancelled(), "cancelled");
        });
        AgentConfig config =
                AgentConfig.builder().wallClockBudget(Duration.ofMillis(200)).build();

        AgentResult result = Agent.builder().model(model).config(config).build().run(CALLER, "hi");

        assertThat(result.outcome()).isEqualTo(new Outcome.TimedOut(Duration.ofMillis(200)));
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void context_too_long_compacts_harder_and_retries_once() {
        AgentConfig config = AgentConfig.builder()
                .contextBudgetTokens(4_000)
                .contextContributionTokens(100)
                .keepLatestMessages(1)
                .build();
        String longHistory = "older discussion ".repeat(400);
        model.then(request -> {
                    throw new ModelException("m", new ModelFailure.ContextTooLong("too long"), "too long");
                })
                .then(request -> answer("fits now (" + request.messages().size() + " messages)"));
        RecordingObserver observer = new RecordingObserver();

        AgentResult result = Agent.builder()
                .model(model)
                .config(config)
                .build()
                .run(AgentRequest.builder(CALLER, "summarise")
                        .history(List.of(
                                Message.user("first request"),
                                Message.assistant(longHistory),
                                Message.user("more"),
                                Message.assistant(longHistory)))
                        .observer(observer)
                        .build());

        assertThat(result.outcome()).isEqualTo(new Outcome.Answered());
        assertThat(model.requests()).hasSize(2);
        assertThat(model.requests().get(1).messages().size())
                .isLessThan(model.requests().get(0).messages().size());
        assertThat(model.requests().get(1).messages())
                .contains(Message.user("first request"), Message.user("summarise"));
        assertThat(observer.of(AgentEvent.ContextTrimmed.class)).isNotEmpty();
        assertThat(result.turns()).isEqualTo(1);
    }

    @Test
    void context_too_long_twice_fails_with_a_typed_reason() {
        model.otherwise(request -> {
            throw new ModelException("m", new ModelFailure.ContextTooLong("too long"), "too long");
        });

        AgentResult result = Agent.builder().model(model).build().run(CALLER, "hi");

        assertThat(result.outcome())
                .isInstanceOfSatisfying(
                        Outcome.Failed.class,
                        failed -> assertThat(failed.reason()).isInstanceOf(Outcome.FailureReason.ContextTooLong.class));
        assertThat(model.requests()).hasSize(2);
    }

    @Test
    void a_failing_model_ends_the_run_with_its_typed_failure() {
        ModelFailure rateLimited = new ModelFailure.RateLimited(Optional.of(Duration.ofSeconds(20)));
        model.then(request -> {
            throw new ModelException("primary", rateLimited, "429");
        });

        AgentResult result = Agent.builder().model(model).build().run(CALLER, "hi");

        assertThat(result.outcome())
                .isEqualTo(new Outcome.Failed(new Outcome.FailureReason.ModelFailed("primary", rateLimited)));
        assertThat(result.text()).isEmpty();
    }

    @Test
    void a_model_that_throws_something_else_fails_without_leaking_its_message() {
        model.then(request -> {
            throw new IllegalStateException("secret-key-123");
        });

        AgentResult result = Agent.builder().model(model).build().run(CALLER, "hi");

        assertThat(result.outcome())
                .isInstanceOfSatisfying(
                        Outcome.Failed.class,
                        failed -> assertThat(failed.reason().toString()).doesNotContain("secret-key-123"));
    }

    @Test
    void the_observer_hears_typed_events_in_order_and_cannot_break_the_run() {
        RecordingObserver recorder = new RecordingObserver();
        AgentObserver throwing = event -> {
            recorder.on(event);
            throw new IllegalStateException("observer bug");
        };
        Agent agent = agentWithSlowTool(
                AgentConfig.builder().model("primary").build(), "lookup", Duration.ofMillis(250), "found");
        model.then(request -> new ChatResponse(
                        "primary",
                        Message.toolCalls(List.of(call("a", "lookup", "{}"))),
                        FinishReason.TOOL_CALLS,
                        Usage.NONE))
                .then(request ->
                        new ChatResponse("backup-model", Message.assistant("answer"), FinishReason.STOP, Usage.NONE));

        AgentResult result =
                agent.run(AgentRequest.builder(CALLER, "q").observer(throwing).build());

        assertThat(result.text()).isEqualTo("answer");
        assertThat(recorder.events())
                .extracting(Object::getClass)
                .containsExactly(
                        AgentEvent.TurnStarted.class,
                        AgentEvent.ToolCallStarted.class,
                        AgentEvent.ToolCallFinished.class,
                        AgentEvent.TurnStarted.class,
                        AgentEvent.TextDelta.class,
                        AgentEvent.ModelFallback.class,
                        AgentEvent.Finished.class);
        assertThat(recorder.of(AgentEvent.ToolCallFinished.class).getFirst().duration())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(recorder.of(AgentEvent.ModelFallback.class).getFirst())
                .isEqualTo(new AgentEvent.ModelFallback(2, "primary", "backup-model"));
        assertThat(recorder.of(AgentEvent.TextDelta.class).getFirst().text()).isEqualTo("answer");
        assertThat(recorder.of(AgentEvent.Finished.class).getFirst().result()).isSameAs(result);
    }

    @Test
    void a_dated_variant_of_the_configured_model_is_not_a_fallback() {
        RecordingObserver observer = new RecordingObserver();
        model.then(request ->
                new ChatResponse("openai/gpt-4o-2024-08-06", Message.assistant("hi"), FinishReason.STOP, Usage.NONE));

        Agent.builder()
                .model(model)
                .config(AgentConfig.builder().model("openai/gpt-4o").build())
                .build()
                .run(AgentRequest.builder(CALLER, "hi").observer(observer).build());

        assertThat(observer.of(AgentEvent.ModelFallback.class)).isEmpty();
        assertThat(model.lastRequest().model()).contains("openai/gpt-4o");
    }

    @Test
    void an_oversized_tool_result_reaches_the_model_as_head_and_tail_with_a_marker() {
        String big = "HEAD" + "x".repeat(50_000) + "TAIL";
        Agent agent = Agent.builder()
                .model(model)
                .config(AgentConfig.builder().toolResultMaxTokens(200).build())
                .tools(HandlerToolExecutor.builder()
                        .readOnlyTool(new ToolSpec("dump", "dump", SCHEMA), (caller, args) -> ToolResult.success(big))
                        .build())
                .build();
        model.thenCall(call("a", "dump", "{}"))
                .then(request -> answer(toolResults(request).getFirst().content()));

        AgentResult result = agent.run(CALLER, "dump");

        assertThat(result.text())
                .startsWith("HEAD")
                .endsWith("TAIL")
                .contains("characters cut from the middle")
                .hasSizeLessThan(1_000);
    }

    @Test
    void runs_counted_on_one_agent_do_not_share_loop_or_duplicate_state() {
        AtomicInteger posted = new AtomicInteger();
        Agent agent = Agent.builder()
                .model(request -> request.messages().stream().anyMatch(Message.Tool.class::isInstance)
                        ? answer("done")
                        : calls(call("a", "post", "{\"text\":\"same\"}")))
                .tools(HandlerToolExecutor.builder()
                        .tool(new ToolSpec("post", "post", SCHEMA), (caller, args) -> {
                            posted.incrementAndGet();
                            return ToolResult.success("ok");
                        })
                        .build())
                .build();

        for (int i = 0; i < 5; i++) {
            assertThat(agent.run(CALLER, "post it").text()).isEqualTo("done");
        }

        assertThat(posted).as("each run may make its own side-effecting call").hasValue(5);
    }

    /** An agent on the scripted model and the manual clock whose one tool takes {@code takes} on the clock. */
    private Agent agentWithSlowTool(AgentConfig config, String tool, Duration takes, String result) {
        return Agent.builder()
                .model(model)
                .clock(clock)
                .config(config)
                .tools(HandlerToolExecutor.builder()
                        .readOnlyTool(new ToolSpec(tool, tool, SCHEMA), (caller, args) -> {
                            clock.advance(takes);
                            return ToolResult.success(result);
                        })
                        .build())
                .build();
    }
}
