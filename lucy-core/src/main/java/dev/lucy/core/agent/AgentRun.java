package dev.lucy.core.agent;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.ToolCallRecord.Disposition;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelEvent;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.StreamListener;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ContextContributor;
import dev.lucy.core.spi.ContextContributor.ContextBlock;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of an {@link Agent}, turn by turn: all per-run state lives here (and in the parts below) and dies with
 * the run, so runs sharing an agent never see each other. Driven by one thread, the caller's.
 *
 * <p>The turn loop is here: each model call (compacting the prompt when it is too long for the model), the tool
 * calls a turn asks for, and what to do with an answer (accept it, nudge for one, question a completeness claim,
 * force one without tools). The parts it leans on: {@link Prompt} is what the model is shown; {@link
 * CallAdmission} decides which tool calls of a turn run; {@link RunThreads} runs model and tool calls on virtual
 * threads within the budget; {@link ResultAssembler} keeps the transcript, records and counters and builds the
 * {@link AgentResult}.
 */
final class AgentRun {
    private final Agent agent;
    private final AgentConfig config;
    private final AgentRequest request;
    private final Caller caller;
    private final RunThreads threads;
    private final CallAdmission admission;
    private final ResultAssembler result = new ResultAssembler();

    private Prompt prompt;
    private int turns;
    private String lastModel;
    private boolean forceAnswer;
    private boolean forcedRequestMade;
    private boolean completenessChecked;
    private String gatedAnswer;
    private boolean sawPartialResult;

    AgentRun(Agent agent, AgentRequest request) {
        this.agent = agent;
        this.config = agent.config;
        this.request = request;
        this.caller = request.caller();
        this.threads = new RunThreads(agent.clock, config.wallClockBudget(), request.cancellation());
        this.admission = new CallAdmission(agent.tools, caller, config, agent.clock, this::emit);
    }

    AgentResult run() {
        AgentResult answer;
        try (threads) {
            prepare();
            answer = loop();
        } catch (RunStopped stop) {
            answer = result.stopped(stop.outcome(), turns);
        }
        emit(new AgentEvent.Finished(answer));
        return answer;
    }

    // ---------------------------------------------------------------- preparation

    private void prepare() throws RunStopped {
        RunThreads.WaitLimit until = threads.waitLimit();
        Future<List<ToolSpec>> toolsFuture = threads.submit(() -> agent.tools.toolsFor(caller, request.message()));
        List<Future<List<ContextBlock>>> blockFutures = new ArrayList<>();
        int share = agent.contributors.isEmpty() ? 0 : config.contextContributionTokens() / agent.contributors.size();
        for (ContextContributor contributor : agent.contributors) {
            blockFutures.add(threads.submit(() -> contributor.contribute(caller, request.message(), share)));
        }
        admission.offer(orEmpty(toolsFuture, until));
        List<ContextBlock> blocks = new ArrayList<>();
        for (Future<List<ContextBlock>> future : blockFutures) {
            blocks.addAll(orEmpty(future, until));
        }
        Message.User user = Message.user(request.message(), request.imageUrls());
        prompt = new Prompt(config, agent.systemPrompt, blocks, request.history(), user);
        result.said(user);
    }

    /** A failing tool lookup or contributor costs its part of the prompt, never the answer. */
    private <T> List<T> orEmpty(Future<List<T>> future, RunThreads.WaitLimit until) throws RunStopped {
        try {
            List<T> value = threads.await(future, until);
            return value == null ? List.of() : value;
        } catch (ExecutionException e) {
            return List.of();
        }
    }

    // ---------------------------------------------------------------- the loop

    private AgentResult loop() throws RunStopped {
        while (true) {
            threads.checkStop();
            if (turns >= config.maxTurns() && !forceAnswer) {
                forceAnswer("The step limit for this request is reached.");
            }
            List<ToolSpec> available = admission.available();
            boolean withoutTools = forceAnswer || available.isEmpty();
            if (forceAnswer) {
                forcedRequestMade = true;
            }
            ChatResponse response = ask(withoutTools ? List.of() : available);
            Message.Assistant message = response.message();

            if (!withoutTools && message.hasToolCalls()) {
                message = withUniqueCallIds(message);
                prompt.add(message);
                result.said(message);
                runToolCalls(message.toolCalls());
                continue;
            }

            String text = message.content().strip();
            if (text.isEmpty()) {
                if (gatedAnswer != null) {
                    // Asked to qualify a completeness claim, the model went quiet: its answer stands.
                    return answered(gatedAnswer);
                }
                if (!forcedRequestMade) {
                    result.nudgedForAnswer();
                    forceAnswer("Your last reply was empty.");
                    continue;
                }
                return result.partial("the model gave no answer", turns);
            }
            if (sawPartialResult && !completenessChecked && CompletenessClaims.claimsCompleteness(text)) {
                completenessChecked = true;
                result.checkedCompleteness();
                gatedAnswer = text;
                prompt.add(Message.assistant(text));
                prompt.note("Some tool results above were cut short or have further pages, yet your answer says it"
                        + " is complete. "
                        + (forceAnswer
                                ? "Rewrite the answer so it says plainly that it may be incomplete."
                                : "Either fetch the rest, or rewrite the answer so it says plainly that it may be"
                                        + " incomplete."));
                continue;
            }
            return answered(text);
        }
    }

    private AgentResult answered(String text) {
        Message.Assistant answer = Message.assistant(text);
        prompt.add(answer);
        result.said(answer);
        return result.answered(text, turns);
    }

    /**
     * Some servers send blank or repeated call ids; results are matched to calls by id, so every call of a turn
     * gets a unique one before it enters the conversation.
     */
    private Message.Assistant withUniqueCallIds(Message.Assistant message) {
        Set<String> seen = new HashSet<>();
        boolean clean = true;
        for (ToolCall call : message.toolCalls()) {
            clean &= !call.id().isBlank() && seen.add(call.id());
        }
        if (clean) {
            return message;
        }
        List<ToolCall> renamed = new ArrayList<>();
        for (int i = 0; i < message.toolCalls().size(); i++) {
            ToolCall call = message.toolCalls().get(i);
            renamed.add(new ToolCall("call_" + turns + "_" + (i + 1), call.name(), call.arguments()));
        }
        return new Message.Assistant(message.content(), renamed);
    }

    private void forceAnswer(String why) {
        if (forceAnswer) {
            return;
        }
        forceAnswer = true;
        prompt.note(why + " Tools are no longer available. Answer the original request now, in plain text, using"
                + " what you have gathered above; say plainly what you could not find.");
    }

    private ChatResponse ask(List<ToolSpec> toolsNow) throws RunStopped {
        turns++;
        emit(new AgentEvent.TurnStarted(turns));
        for (int attempt = 0; ; attempt++) {
            ContextWindow.Fitted fitted = prompt.fit();
            if (fitted.trimmed()) {
                result.contextTrimmed();
                emit(new AgentEvent.ContextTrimmed(
                        turns,
                        fitted.droppedMessages(),
                        fitted.cutToolResults(),
                        fitted.estimatedTokens(),
                        prompt.budget()));
            }
            ChatRequest.Builder builder = ChatRequest.builder()
                    .messages(fitted.messages())
                    .tools(toolsNow)
                    .parallelToolCalls(true);
            config.model().ifPresent(builder::model);
            // Waits for the model (Retry-After, backoff, budgets) must leave the run time to answer.
            threads.timeLeft().ifPresent(builder::timeLimit);
            ChatRequest chatRequest = builder.build();
            int turn = turns;
            AtomicBoolean fellBack = new AtomicBoolean();
            RunThreads.WaitLimit until = threads.waitLimit();
            Future<ChatResponse> future = threads.submit(() -> callModel(chatRequest, turn, fellBack));
            try {
                ChatResponse response = threads.await(future, until);
                if (response == null) {
                    throw new RunStopped(
                            new Outcome.Failed(new Outcome.FailureReason.Unexpected("the model returned no response")));
                }
                result.used(response.usage());
                if (fellBack.get()) {
                    lastModel = response.model();
                } else {
                    noticeFallback(response.model());
                }
                return response;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ModelException failure) {
                    if (failure.failure() instanceof ModelFailure.ContextTooLong) {
                        if (attempt == 0 && prompt.compact()) {
                            continue;
                        }
                        throw new RunStopped(
                                new Outcome.Failed(new Outcome.FailureReason.ContextTooLong(fitted.estimatedTokens())));
                    }
                    if (failure.failure() instanceof ModelFailure.Cancelled
                            && request.cancellation().isCancelled()) {
                        throw new RunStopped(new Outcome.Cancelled());
                    }
                    throw new RunStopped(new Outcome.Failed(
                            new Outcome.FailureReason.ModelFailed(failure.model(), failure.failure())));
                }
                throw new RunStopped(new Outcome.Failed(
                        new Outcome.FailureReason.Unexpected(cause.getClass().getSimpleName())));
            }
        }
    }

    /**
     * Runs on the call's own thread. A model that falls back, waits or starts a broken stream over (a {@link
     * dev.lucy.core.model.ResilientChatModel}) reports each of these as it happens; any other model's fallbacks show
     * only in the name of the model that answered.
     */
    private ChatResponse callModel(ChatRequest chatRequest, int turn, AtomicBoolean fellBack) {
        StreamListener deltas = delta -> emit(new AgentEvent.TextDelta(turn, delta));
        return agent.model.chat(chatRequest, deltas, event -> {
            switch (event) {
                case ModelEvent.FallingBack fallingBack -> {
                    fellBack.set(true);
                    emit(new AgentEvent.ModelFallback(turn, fallingBack.model(), fallingBack.nextModel()));
                }
                case ModelEvent.Retrying retrying ->
                    emit(new AgentEvent.ModelWaiting(
                            turn, retrying.model(), retrying.delay(), Optional.of(retrying.failure())));
                case ModelEvent.BudgetWaited waited ->
                    emit(new AgentEvent.ModelWaiting(turn, waited.model(), waited.waited(), Optional.empty()));
                case ModelEvent.StreamRestarted restarted -> emit(new AgentEvent.StreamRestarted(turn));
                case ModelEvent.CircuitStateChanged changed -> {}
            }
        });
    }

    private void noticeFallback(String answered) {
        if (answered.isBlank()) {
            return;
        }
        if (lastModel == null) {
            lastModel = config.model().orElse(answered);
        }
        if (!sameModel(lastModel, answered)) {
            emit(new AgentEvent.ModelFallback(turns, lastModel, answered));
            lastModel = answered;
        }
    }

    /** Providers often answer with a dated variant of the name asked for; that is not a fallback. */
    private static boolean sameModel(String expected, String actual) {
        return actual.startsWith(expected) || expected.startsWith(actual);
    }

    // ---------------------------------------------------------------- tool calls

    /**
     * Runs the admitted calls of one turn in parallel and answers every call, in order: refused ones at once, the
     * others with their results as they come in.
     */
    private void runToolCalls(List<ToolCall> calls) throws RunStopped {
        int turn = turns;
        RunThreads.WaitLimit until = threads.waitLimit();
        List<Admitted> admitted = admission.admit(turn, calls);
        Map<Admitted.Run, Future<ToolCallRecord>> running = new IdentityHashMap<>();
        for (Admitted call : admitted) {
            switch (call) {
                case Admitted.Run run -> running.put(run, threads.submit(() -> execute(turn, run)));
                case Admitted.Refused refused -> result.refused(refused.answer());
                case Admitted.Looping looping -> {
                    result.refused(looping.answer());
                    forceAnswer("The same tool call kept repeating.");
                }
            }
        }
        try {
            for (Admitted call : admitted) {
                ToolCallRecord record = switch (call) {
                    case Admitted.Run run -> {
                        ToolCallRecord ran = outcome(turn, run, running.get(run), until);
                        admission.settled(run, ran.result());
                        yield ran;
                    }
                    case Admitted.Refused refused -> answeredAtOnce(refused.answer());
                    case Admitted.Looping looping -> answeredAtOnce(looping.answer());
                };
                result.recorded(record);
                String content = record.result().content();
                String sent = Tokens.headAndTail(content, config.toolResultMaxTokens());
                if (sent.length() != content.length()
                        || (record.result() instanceof ToolResult.Success success && success.partial())) {
                    sawPartialResult = true;
                }
                Message.Tool answer = Message.toolResult(record.call(), sent);
                prompt.add(answer);
                result.said(answer);
            }
        } catch (RunStopped stop) {
            for (Future<ToolCallRecord> future : running.values()) {
                future.cancel(true);
            }
            result.dropUnansweredCalls();
            throw stop;
        }
    }

    private ToolCallRecord answeredAtOnce(ToolCallRecord answer) {
        emit(new AgentEvent.ToolCallFinished(answer));
        return answer;
    }

    private ToolCallRecord outcome(
            int turn, Admitted.Run run, Future<ToolCallRecord> future, RunThreads.WaitLimit until) throws RunStopped {
        try {
            return threads.await(future, until);
        } catch (ExecutionException e) {
            return new ToolCallRecord(
                    turn,
                    run.call(),
                    Disposition.EXECUTED,
                    ToolResult.failure(ToolError.FATAL, "the tool failed unexpectedly"),
                    Duration.ZERO);
        }
    }

    /** Runs on the call's own virtual thread. */
    private ToolCallRecord execute(int turn, Admitted.Run run) {
        Instant start = agent.clock.instant();
        ToolResult outcome;
        try {
            outcome = agent.tools.execute(caller, run.call(), run.arguments(), threads);
            if (outcome == null) {
                outcome = ToolResult.failure(ToolError.FATAL, "the tool returned nothing");
            }
        } catch (RuntimeException e) {
            // The model sees that it failed, never how: exception messages may carry internals.
            outcome = ToolResult.failure(ToolError.FATAL, "the tool failed unexpectedly; try another way or answer");
        }
        Duration took = Duration.between(start, agent.clock.instant());
        ToolCallRecord record = new ToolCallRecord(
                turn, run.call(), Disposition.EXECUTED, outcome, took.isNegative() ? Duration.ZERO : took);
        emit(new AgentEvent.ToolCallFinished(record));
        return record;
    }

    private void emit(AgentEvent event) {
        try {
            request.observer().on(event);
        } catch (RuntimeException ignored) {
            // A broken observer must not break the run it observes.
        }
    }
}
