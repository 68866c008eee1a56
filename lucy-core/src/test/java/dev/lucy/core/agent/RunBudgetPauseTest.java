package dev.lucy.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.model.Usage;
import dev.lucy.core.spi.RunBudget;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolExecutor;
import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A tool call waiting for a person pauses the run's time budget: the run's own time limit does not cut the wait,
 * and the run goes on with the time it had left.
 */
class RunBudgetPauseTest {
    private static final Caller CALLER = new Caller("T1", "U1", "C1:1.1");
    private static final Duration BUDGET = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ManualClock clock = ManualClock.create();

    /** Calls {@code confirm} once, then answers with the tool's result. */
    private static final ChatModel CALLS_THEN_ANSWERS = request -> {
        List<Message> messages = request.messages();
        if (messages.get(messages.size() - 1) instanceof Message.Tool result) {
            return response(Message.assistant("Done: " + result.content()));
        }
        return response(Message.toolCalls(List.of(new ToolCall("call_1", "confirm", "{}"))));
    };

    private static ChatResponse response(Message.Assistant message) {
        return new ChatResponse("m", message, FinishReason.STOP, Usage.NONE);
    }

    /** One tool, {@code confirm}, that does what {@code call} says with the run's budget. */
    private static ToolExecutor confirmTool(Function<RunBudget, String> call) {
        return new ToolExecutor() {
            @Override
            public List<ToolSpec> toolsFor(Caller caller, String request) {
                return List.of(new ToolSpec("confirm", "Asks a person to confirm", "{\"type\":\"object\"}"));
            }

            @Override
            public ToolResult execute(Caller caller, ToolCall toolCall, ToolArguments arguments) {
                return execute(caller, toolCall, arguments, RunBudget.none());
            }

            @Override
            public ToolResult execute(Caller caller, ToolCall toolCall, ToolArguments arguments, RunBudget budget) {
                return ToolResult.success(call.apply(budget));
            }
        };
    }

    /** Work that waits until {@code latch} opens, then answers {@code answer}. */
    private static Callable<String> answerOnceOpened(CountDownLatch latch, String answer) {
        return () -> {
            latch.await();
            return answer;
        };
    }

    /**
     * Waits for {@code work} within {@code limit} on a virtual thread of its own; {@code waited} gets its value, or
     * fails with the {@link RunStopped} or {@link ExecutionException} the wait ended with.
     */
    private static Thread awaitOnItsOwnThread(
            RunThreads threads, Future<String> work, RunThreads.WaitLimit limit, CompletableFuture<String> waited) {
        return Thread.ofVirtual().start(() -> {
            try {
                waited.complete(threads.await(work, limit));
            } catch (RunStopped | ExecutionException e) {
                waited.completeExceptionally(e);
            }
        });
    }

    private Agent agent(ToolExecutor tools) {
        return Agent.builder()
                .model(CALLS_THEN_ANSWERS)
                .tools(tools)
                .config(AgentConfig.builder().wallClockBudget(BUDGET).build())
                .clock(clock)
                .build();
    }

    @Test
    void a_person_deciding_longer_than_the_run_may_take_does_not_time_the_run_out() {
        Agent agent = agent(confirmTool(budget -> {
            try (RunBudget.Pause waitingForAPerson = budget.pause()) {
                clock.advance(Duration.ofMinutes(10)); // the person takes ten minutes to decide
            }
            return "confirmed";
        }));

        AgentResult result = agent.run(AgentRequest.of(CALLER, "please do it"));

        assertThat(result.outcome()).isInstanceOf(Outcome.Answered.class);
        assertThat(result.text()).isEqualTo("Done: confirmed");
    }

    @Test
    void without_a_pause_the_same_wait_times_the_run_out() {
        Agent agent = agent(confirmTool(budget -> {
            clock.advance(Duration.ofMinutes(10));
            return "confirmed";
        }));

        AgentResult result = agent.run(AgentRequest.of(CALLER, "please do it"));

        assertThat(result.outcome()).isInstanceOf(Outcome.TimedOut.class);
    }

    @Test
    void after_the_pause_the_run_has_the_time_it_had_left_and_no_more() {
        Agent agent = agent(confirmTool(budget -> {
            clock.advance(Duration.ofMinutes(2));
            try (RunBudget.Pause waitingForAPerson = budget.pause()) {
                clock.advance(Duration.ofMinutes(10));
            }
            clock.advance(Duration.ofMinutes(1)); // with the two before, the whole budget
            return "confirmed";
        }));

        AgentResult result = agent.run(AgentRequest.of(CALLER, "please do it"));

        assertThat(result.outcome()).isInstanceOf(Outcome.TimedOut.class);
    }

    @Test
    void while_paused_the_time_left_stands_still_and_overlapping_pauses_end_with_the_last() {
        try (RunThreads threads = new RunThreads(clock, BUDGET, Cancellation.create())) {
            clock.advance(Duration.ofMinutes(1));
            RunBudget.Pause first = threads.pause();
            RunBudget.Pause second = threads.pause();
            clock.advance(Duration.ofMinutes(30));
            assertThat(threads.timeLeft()).contains(Duration.ofMinutes(2));

            first.close();
            first.close(); // harmless
            clock.advance(Duration.ofMinutes(30));
            assertThat(threads.timeLeft()).contains(Duration.ofMinutes(2));

            second.close();
            clock.advance(Duration.ofSeconds(30));
            assertThat(threads.timeLeft()).contains(Duration.ofSeconds(90));
        }
    }

    @Test
    void a_paused_wait_has_no_real_time_limit_and_the_run_keeps_only_what_it_had_left() throws Exception {
        // One millisecond left: without the pause, the wait below would give up almost at once.
        try (RunThreads threads = new RunThreads(clock, Duration.ofMillis(1), Cancellation.create())) {
            RunBudget.Pause paused = threads.pause();
            CountDownLatch answered = new CountDownLatch(1);
            Future<String> decision = threads.submit(answerOnceOpened(answered, "approved"));
            RunThreads.WaitLimit limit = threads.waitLimit();
            CompletableFuture<String> waited = new CompletableFuture<>();
            Thread waiter = awaitOnItsOwnThread(threads, decision, limit, waited);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (waiter.getState() != Thread.State.WAITING && !waited.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            assertThat(waited).as("waiting, with no time limit").isNotDone();
            assertThat(waiter.getState()).isEqualTo(Thread.State.WAITING);
            answered.countDown();
            assertThat(waited.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("approved");
            paused.close();
            assertThat(threads.timeLeft()).as("only the millisecond it had").contains(Duration.ofMillis(1));
        }
    }

    @Test
    void work_that_ends_while_another_call_holds_a_pause_is_taken_at_once() throws Exception {
        try (RunThreads threads = new RunThreads(clock, BUDGET, Cancellation.create())) {
            RunBudget.Pause otherCallWaitsForAPerson = threads.pause();
            CountDownLatch go = new CountDownLatch(1);
            Future<String> quick = threads.submit(answerOnceOpened(go, "looked up"));
            RunThreads.WaitLimit limit = threads.waitLimit();
            CompletableFuture<String> waited = new CompletableFuture<>();
            awaitOnItsOwnThread(threads, quick, limit, waited);

            go.countDown();

            assertThat(waited.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("looked up");
            assertThat(threads.await(quick, limit)).as("and again, once done").isEqualTo("looked up");
            otherCallWaitsForAPerson.close();
        }
    }

    @Test
    void cancelling_the_run_still_stops_a_paused_wait() throws Exception {
        Cancellation cancellation = Cancellation.create();
        try (RunThreads threads = new RunThreads(clock, BUDGET, cancellation)) {
            RunBudget.Pause paused = threads.pause();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            Future<String> decision = threads.submit(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return "never";
            });
            RunThreads.WaitLimit limit = threads.waitLimit();
            CompletableFuture<String> waited = new CompletableFuture<>();
            awaitOnItsOwnThread(threads, decision, limit, waited);

            // cancelled once the decision is under way: a task cancelled before it starts is never run, so could
            // not be seen interrupted
            assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            cancellation.cancel();

            assertThat(waited)
                    .failsWithin(WAIT)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOfSatisfying(
                            RunStopped.class,
                            stopped -> assertThat(stopped.outcome()).isInstanceOf(Outcome.Cancelled.class));
            assertThat(interrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            paused.close();
        }
    }
}
