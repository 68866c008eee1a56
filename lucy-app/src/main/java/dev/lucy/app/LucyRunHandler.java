package dev.lucy.app;

import dev.lucy.app.files.TurnFiles;
import dev.lucy.app.web.RunTracing;
import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentEvent;
import dev.lucy.core.agent.AgentObserver;
import dev.lucy.core.agent.AgentRequest;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.RunHandler;
import dev.lucy.core.runtime.RunRequest;
import dev.lucy.core.runtime.RuntimeNotices;
import dev.lucy.core.spi.ConversationPort;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.ThreadContext;
import dev.lucy.memory.ThreadMemory;
import dev.lucy.memory.ThreadMessage;
import dev.lucy.slack.ErrorMessages;
import dev.lucy.slack.Failure;
import dev.lucy.slack.ProgressNarrator;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lucy's run: the thread so far as history, recalled facts (through the agents' context contributor), progress
 * shown while tools work, the answer posted (or streamed where {@code streamIn} says that event's answer streams
 * well), and what the person said observed for memory afterwards (with a {@link MemoryNotice} when memory refused
 * it).
 *
 * <p>Progress is one message, posted when the first tool starts and edited in place as more are done; the
 * answer then replaces it, so the thread ends with the answer and no leftover "working" note. A wait for the model
 * of {@link #SHOWN_MODEL_WAIT} or more (its {@code Retry-After}, a backoff, a rate budget's queue) shows in the same
 * message, with the time Lucy goes on. The status line ({@link ConversationPort#setStatus}) is set as soon as the run
 * starts, before the model is asked, follows the same steps, and is cleared once the answer is shown (or the run
 * failed, was cancelled or stopped). A streamed answer is addressed to the person who asked
 * ({@link ConversationPort#startStream(dev.lucy.core.Caller, String)}). When a streamed answer breaks off and the
 * model starts it over, the message with the broken text is deleted and the new answer streams in its own, so the
 * person ends with one whole answer; an answer that differs from what streamed is edited into the streamed message.
 * A run that failed or ran out of time says so in plain words; nothing about what broke reaches the person. Thread
 * safe: every run keeps its own state.
 */
final class LucyRunHandler implements RunHandler {
    private static final Logger log = LoggerFactory.getLogger(LucyRunHandler.class);
    /** How the model endpoint is named to people when it cannot be reached. */
    static final String MODEL_SERVICE = "the AI model";
    /** Waits for the model shorter than this pass unmentioned: a retry's usual backoff is a second or two. */
    static final Duration SHOWN_MODEL_WAIT = Duration.ofSeconds(3);
    /** How the running summary of a thread's older messages leads the history given to the model. */
    static final String SUMMARY_LEAD = "(Summary of the earlier part of this thread, which is not shown in full) ";

    /** The agent of a run: by the tier triage chose and the caller, whose channel's settings may change both. */
    private final BiFunction<ModelTier, Caller, Agent> agents;

    private final ConversationPort port;
    private final ThreadMemory threads;
    private final SessionMemory memory;
    private final ProgressNarrator narrator;
    private final RuntimeNotices notices;
    private final Predicate<InboundEvent> streamIn;
    private final AgentObserver observer;
    private final UnaryOperator<String> userNames;
    private final Predicate<InboundEvent> startsConversation;
    private final BiConsumer<String, Boolean> awaitingReply;
    private final Clock clock;
    private final BiConsumer<InboundEvent, Boolean> ended;
    private final TurnFiles files;
    private final RunTracing tracing;
    private final ErrorMessages errors = ErrorMessages.create(new Random());

    LucyRunHandler(
            Function<ModelTier, Agent> agents,
            ConversationPort port,
            ThreadMemory threads,
            SessionMemory memory,
            ProgressNarrator narrator,
            RuntimeNotices notices,
            Predicate<InboundEvent> streamIn,
            AgentObserver observer,
            UnaryOperator<String> userNames,
            Predicate<InboundEvent> startsConversation,
            BiConsumer<String, Boolean> awaitingReply,
            Clock clock) {
        this(
                (tier, caller) -> agents.apply(tier),
                port,
                threads,
                memory,
                narrator,
                notices,
                streamIn,
                observer,
                userNames,
                startsConversation,
                awaitingReply,
                clock,
                (event, succeeded) -> {},
                TurnFiles.none(),
                RunTracing.off());
    }

    /**
     * As above; {@code ended} hears whether each run ended with an answer (true) or failed (false), and {@code files}
     * reads the files shared with each message and delivers long answers as files, and {@code tracing} records each
     * run's trace for the web console.
     */
    LucyRunHandler(
            BiFunction<ModelTier, Caller, Agent> agents,
            ConversationPort port,
            ThreadMemory threads,
            SessionMemory memory,
            ProgressNarrator narrator,
            RuntimeNotices notices,
            Predicate<InboundEvent> streamIn,
            AgentObserver observer,
            UnaryOperator<String> userNames,
            Predicate<InboundEvent> startsConversation,
            BiConsumer<String, Boolean> awaitingReply,
            Clock clock,
            BiConsumer<InboundEvent, Boolean> ended,
            TurnFiles files,
            RunTracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.files = Objects.requireNonNull(files, "files");
        this.ended = Objects.requireNonNull(ended, "ended");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.port = Objects.requireNonNull(port, "port");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.narrator = Objects.requireNonNull(narrator, "narrator");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.streamIn = Objects.requireNonNull(streamIn, "streamIn");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.userNames = Objects.requireNonNull(userNames, "userNames");
        this.startsConversation = Objects.requireNonNull(startsConversation, "startsConversation");
        this.awaitingReply = Objects.requireNonNull(awaitingReply, "awaitingReply");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handle(RunRequest request) {
        InboundEvent event = request.event();
        Caller caller = event.caller();
        Agent agent = agents.apply(request.decision().tier(), caller);
        // Every write of the run goes through its fenced view: a replica that lost the conversation's lease to another
        // replica meanwhile neither posts nor edits there.
        RunTracing.Run trace = tracing.begin(request);
        try {
            handle(request, event, caller, agent, trace);
        } finally {
            trace.end();
        }
    }

    private void handle(RunRequest request, InboundEvent event, Caller caller, Agent agent, RunTracing.Run trace) {
        ConversationPort port = trace.watch(request.fenced(this.port));
        Progress progress = new Progress(port, event.conversationId(), request, streamIn.test(event));
        awaitingReply.accept(event.conversationId(), false); // this message is the reply, if one was awaited
        AgentResult result;
        try {
            progress.started(); // before the files are read and the model is asked: the person sees Lucy at work
            TurnFiles.Attached attached = readFiles(event, port);
            result = run(agent, event, attached, progress, trace);
        } catch (RuntimeException e) {
            progress.clearStatus();
            ended.accept(event, false);
            throw e;
        }
        try {
            String reply = switch (result.outcome()) {
                case Outcome.Answered answered -> longAsFiles(event, result.text());
                case Outcome.Partial partial -> longAsFiles(event, result.text());
                case Outcome.TimedOut timedOut -> notices.runTimedOut();
                case Outcome.Failed failed -> failedNotice(failed.reason());
                case Outcome.Cancelled cancelled -> null;
            };
            deliver(request, caller, event, port, progress, reply);
        } finally {
            progress.clearStatus(); // once the answer (or what went wrong) is shown, or the run was cancelled
        }
        switch (result.outcome()) {
            case Outcome.Answered answered -> ended.accept(event, true);
            case Outcome.Partial partial -> ended.accept(event, true);
            case Outcome.TimedOut timedOut -> ended.accept(event, false);
            case Outcome.Failed failed -> ended.accept(event, false);
            case Outcome.Cancelled cancelled -> {}
        }
    }

    /**
     * The answer with its long parts (tables, code) delivered as files by {@link TurnFiles#deliverLong}; a streamed
     * answer that had such parts is then edited into the shorter one.
     */
    private String longAsFiles(InboundEvent event, String answer) {
        return files.deliverLong(event.conversationId(), answer);
    }

    /**
     * The message's files, read for the model; each one Lucy could not read is told to the person at once, so a
     * file never goes unanswered. Nothing read is kept past the run.
     */
    private TurnFiles.Attached readFiles(InboundEvent event, ConversationPort port) {
        TurnFiles.Attached attached = files.read(event);
        for (String notice : attached.notices()) {
            try {
                port.post(event.conversationId(), notice);
            } catch (RuntimeException e) {
                log.warn("a note about a file in {} not shown: {}", event.conversationId(), e.getMessage());
            }
        }
        return attached;
    }

    private AgentResult run(
            Agent agent, InboundEvent event, TurnFiles.Attached attached, Progress progress, AgentObserver trace) {
        String message = attached.forModel().isEmpty()
                ? event.text()
                : (event.text().isBlank() ? "(no message, only files)" : event.text()) + "\n\n" + attached.forModel();
        return agent.run(AgentRequest.builder(event.caller(), message)
                .imageUrls(
                        attached.images().stream().map(TurnFiles.Image::dataUrl).toList())
                .history(historyBefore(event))
                .observer(e -> {
                    progress.on(e);
                    observer.on(e);
                    trace.on(e);
                })
                .build());
    }

    private void deliver(
            RunRequest request,
            Caller caller,
            InboundEvent event,
            ConversationPort port,
            Progress progress,
            String reply) {
        // What the person said is remembered before they see the answer, so a question they ask right after it (in
        // another thread too) finds it; the note about it follows the answer.
        Optional<String> memoryNotice = request.holdsConversation() ? remember(caller, event.text()) : Optional.empty();
        if (reply != null) {
            progress.deliver(reply);
            awaitingReply.accept(event.conversationId(), asksSomething(reply));
        } else {
            progress.withdraw();
        }
        memoryNotice.ifPresent(notice -> {
            try {
                port.post(event.conversationId(), notice);
            } catch (RuntimeException e) {
                log.warn("memory note in {} not shown: {}", event.conversationId(), e.getMessage());
            }
        });
    }

    private String failedNotice(Outcome.FailureReason reason) {
        Failure failure = failureOf(reason);
        return failure instanceof Failure.Unknown ? notices.runFailed() : errors.message(failure);
    }

    /**
     * What the person is told about a failed run: a model that is rate limited, slow, unreachable or given too long
     * a conversation each get their own message (lucy-slack's {@link ErrorMessages}); anything else is an unknown
     * failure, told with {@link RuntimeNotices#runFailed()}. Never the model's name or the provider's error.
     */
    static Failure failureOf(Outcome.FailureReason reason) {
        return switch (reason) {
            case Outcome.FailureReason.ModelFailed failed -> {
                ModelFailure failure = failed.failure();
                if (failure instanceof ModelFailure.RateLimited limited) {
                    yield new Failure.RateLimited(limited.retryAfter());
                } else if (failure instanceof ModelFailure.TimedOut
                        || failure instanceof ModelFailure.FirstTokenTimedOut) {
                    yield new Failure.ModelTimeout();
                } else if (failure instanceof ModelFailure.ContextTooLong) {
                    yield new Failure.ContextTooLarge();
                } else if (failure instanceof ModelFailure.Overloaded
                        || failure instanceof ModelFailure.ConnectionFailed
                        || failure instanceof ModelFailure.StreamBroken
                        || failure instanceof ModelFailure.CircuitOpen
                        || failure instanceof ModelFailure.MalformedResponse) {
                    yield new Failure.ServiceUnreachable(Optional.of(MODEL_SERVICE));
                }
                yield new Failure.Unknown();
            }
            case Outcome.FailureReason.ContextTooLong tooLong -> new Failure.ContextTooLarge();
            case Outcome.FailureReason.Unexpected unexpected -> new Failure.Unknown();
        };
    }

    /** How a wait for the model is told: the provider asked for it, a retry's pause, or a queue for the budget. */
    static ProgressNarrator.ModelWait why(AgentEvent.ModelWaiting waiting) {
        return waiting.failure()
                .map(failure -> failure instanceof ModelFailure.RateLimited limited
                                && limited.retryAfter().isPresent()
                        ? ProgressNarrator.ModelWait.ASKED
                        : ProgressNarrator.ModelWait.RETRYING)
                .orElse(ProgressNarrator.ModelWait.QUEUED);
    }

    /** True when the answer ends by asking the person something. */
    static boolean asksSomething(String reply) {
        return reply.strip().endsWith("?");
    }

    /**
     * The thread's messages written before this one (the platform's history includes the message itself), each
     * person's words led by their name, so the model can tell the people in a thread apart.
     */
    private List<Message> historyBefore(InboundEvent event) {
        List<Message> history = new ArrayList<>();
        if (startsConversation.test(event)) {
            return history; // nothing was said before it: no need to ask the platform
        }
        try {
            ThreadContext context = threads.context(event.caller());
            // what no longer fits is summarised, never dropped unsaid
            context.summary().ifPresent(summary -> history.add(Message.user(SUMMARY_LEAD + summary)));
            for (ThreadMessage m : context.recent()) {
                if (m.at().isBefore(event.sentAt())) {
                    history.add(
                            m.fromAssistant()
                                    ? Message.assistant(m.text())
                                    : Message.user(userNames.apply(m.userId()) + ": " + m.text()));
                }
            }
        } catch (RuntimeException e) {
            // Without history the run still answers the message itself; say so in the log only.
            log.warn("thread history unavailable for {}: {}", event.conversationId(), e.getMessage());
        }
        return history;
    }

    /** Remembers what was said, if it states something lasting; returns what to tell the person about it. */
    private Optional<String> remember(Caller caller, String text) {
        try {
            return MemoryNotice.of(memory.observe(caller, text));
        } catch (RuntimeException e) {
            log.warn(
                    "could not store what {} said in {}: {}", caller.userId(), caller.conversationId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** One run's progress message, status line and streamed answer. */
    private final class Progress {
        private final ConversationPort port;
        private final String conversation;
        private final RunRequest request;
        private final boolean streaming;
        private final ReentrantLock lock = new ReentrantLock();
        private final List<String> done = new ArrayList<>();
        private String progressMessage;
        private ConversationPort.Stream stream;
        private final StringBuilder streamed = new StringBuilder();
        private int turn = 1;
        private boolean statusShown;

        Progress(ConversationPort port, String conversation, RunRequest request, boolean streaming) {
            this.port = port;
            this.conversation = conversation;
            this.request = request;
            this.streaming = streaming;
        }

        void on(AgentEvent event) {
            lock.lock();
            try {
                switch (event) {
                    case AgentEvent.TurnStarted started -> {
                        turn = started.turn();
                        if (stream == null) {
                            streamed.setLength(0);
                        }
                    }
                    case AgentEvent.ToolCallStarted started ->
                        toolStarted(started.call().name());
                    case AgentEvent.TextDelta delta -> textDelta(delta.text());
                    case AgentEvent.ModelWaiting waiting -> modelWaiting(waiting);
                    case AgentEvent.StreamRestarted restarted -> streamRestarted();
                    default -> {}
                }
            } finally {
                lock.unlock();
            }
        }

        /** The run has started: the status line says so at once, where the platform shows one. */
        void started() {
            lock.lock();
            try {
                safely(() -> port.setStatus(conversation, narrator.status(turn)));
                statusShown = true;
            } finally {
                lock.unlock();
            }
        }

        private void toolStarted(String tool) {
            done.add(tool);
            String note = narrator.progress(turn, done);
            request.progress(note);
            safely(() -> port.setStatus(conversation, narrator.status(turn)));
            statusShown = true;
            if (stream != null) {
                return; // the stream itself shows that Lucy is working
            }
            show(note);
        }

        /** A long wait is told in the progress message, whatever else shows, so the person knows why it is quiet. */
        private void modelWaiting(AgentEvent.ModelWaiting waiting) {
            if (waiting.duration().compareTo(SHOWN_MODEL_WAIT) < 0) {
                return;
            }
            String note = narrator.waiting(
                    why(waiting), waiting.duration(), ZonedDateTime.now(clock).plus(waiting.duration()));
            request.progress(note);
            safely(() -> port.setStatus(conversation, narrator.waitingStatus()));
            statusShown = true;
            show(note);
        }

        /** The answer broke off and starts again: the broken text goes, and the new answer streams anew. */
        private void streamRestarted() {
            streamed.setLength(0);
            if (stream == null) {
                return;
            }
            ConversationPort.Stream broken = stream;
            stream = null;
            safely(() -> port.delete(conversation, broken.finish()));
        }

        /** Posts the progress message, or edits it in place: one message per run, whatever it says. */
        private void show(String note) {
            safely(() -> {
                if (progressMessage == null) {
                    progressMessage = port.postProgress(conversation, note).orElse(null);
                    if (progressMessage != null) {
                        request.drafting(progressMessage);
                    }
                } else {
                    port.update(conversation, progressMessage, note);
                }
            });
        }

        private void textDelta(String text) {
            if (!streaming || text.isEmpty()) {
                return;
            }
            streamed.append(text);
            safely(() -> {
                if (stream == null) {
                    stream = port.startStream(request.event().caller(), streamed.toString());
                    stream.messageId().ifPresent(request::drafting);
                } else {
                    stream.append(text);
                }
            });
        }

        void clearStatus() {
            if (statusShown) {
                safely(() -> port.setStatus(conversation, ""));
            }
        }

        /**
         * Shows the answer: finishing the stream, or replacing the progress message, or as a new message; marked as
         * the answer to the run's event, so that a later attempt at it (after this process stopped before recording
         * the answer) does not answer again.
         */
        void deliver(String reply) {
            String eventId = request.event().eventId();
            lock.lock();
            try {
                if (stream != null) {
                    if (streamed.toString().strip().equals(reply.strip())) {
                        stream.finishAnswer(eventId);
                        dropProgressMessage();
                        return;
                    }
                    // The answer is not what was streamed (a fallback model, a corrected claim, long parts sent as
                    // files): the streamed message becomes the answer, edited in place.
                    String finished = stream.finish();
                    stream = null;
                    try {
                        port.updateAnswer(conversation, finished, eventId, reply);
                        dropProgressMessage();
                        return;
                    } catch (RuntimeException e) {
                        log.warn(
                                "could not replace the streamed text with the answer in {}: {}",
                                conversation,
                                e.getMessage());
                    }
                }
                if (progressMessage != null) {
                    try {
                        port.updateAnswer(conversation, progressMessage, eventId, reply);
                        return;
                    } catch (RuntimeException e) {
                        log.warn("could not replace progress with the answer in {}: {}", conversation, e.getMessage());
                        dropProgressMessage();
                    }
                }
                port.postAnswer(conversation, eventId, reply);
            } finally {
                lock.unlock();
            }
        }

        /** A cancelled run: the runtime has confirmed the cancel; only the progress note goes. */
        void withdraw() {
            lock.lock();
            try {
                if (stream != null) {
                    safely(stream::finish);
                }
                dropProgressMessage();
            } finally {
                lock.unlock();
            }
        }

        private void dropProgressMessage() {
            if (progressMessage != null) {
                String id = progressMessage;
                progressMessage = null;
                safely(() -> port.delete(conversation, id));
            }
        }

        private void safely(Runnable action) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("progress in {} not shown: {}", conversation, e.getMessage());
            }
        }
    }
}
