package dev.lucy.app.web;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.ModelEventListener;
import dev.lucy.core.model.StreamListener;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.spi.ConversationPort;
import dev.lucy.memory.ThreadMessage;
import dev.lucy.memory.spi.ThreadHistory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The web console's Playground: a conversation port of its own, so a person can talk to Lucy in the browser through the
 * same runtime, triage, agent and memory as Slack, and see what Lucy would have posted. Its conversations look like
 * Slack direct messages ({@code DPLAYGROUND:ts}); the engine sends what it posts there here instead of to Slack
 * ({@link #owns}). A message starts a conversation or follows up in one ({@link #reply}), whose earlier messages the
 * run is given as thread history ({@link #history}). Each conversation is answered by the configured model or by the
 * in-process scripted one ({@link PlaygroundModel}), switchable per message: {@link #tracing} marks the runs of
 * scripted conversations and {@link #models} answers their model requests. Kept in this process only. Thread safe.
 */
public final class Playground implements ConversationPort {
    static final String CHANNEL = "DPLAYGROUND";
    private static final int KEPT = 200;

    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentMap<String, List<Said>> conversations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Boolean> scripted = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> people = new ConcurrentHashMap<>();
    // Whether the run on this thread (and the threads it starts for its model requests) is a scripted playground run.
    private final InheritableThreadLocal<Boolean> scriptedRun = new InheritableThreadLocal<>();
    private final PlaygroundModel script = new PlaygroundModel();

    /** One message in a playground conversation; Lucy's may be edited while it works. */
    public record Said(String messageId, boolean fromLucy, String text, Instant at) {}

    public Playground(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code conversationId} is a playground conversation. */
    public boolean owns(String conversationId) {
        return conversationId.startsWith(CHANNEL + ":");
    }

    /**
     * A new conversation in {@code workspaceId} with {@code text} from {@code userId}, answered by the scripted model
     * when {@code scripted}: the event to submit.
     */
    InboundEvent open(String workspaceId, String userId, String text, boolean scripted) {
        Instant now = clock.instant();
        String ts = now.getEpochSecond() + "." + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
        String conversation = CHANNEL + ":" + ts;
        lock.lock();
        try {
            if (conversations.size() >= KEPT) {
                conversations.keySet().stream().sorted().findFirst().ifPresent(oldest -> {
                    conversations.remove(oldest);
                    this.scripted.remove(oldest);
                    people.remove(oldest);
                });
            }
            List<Said> said = new ArrayList<>();
            said.add(new Said(ts, false, text, now));
            conversations.put(conversation, said);
            this.scripted.put(conversation, scripted);
            people.put(conversation, userId);
        } finally {
            lock.unlock();
        }
        return new InboundEvent("playground-" + ts, new Caller(workspaceId, userId, conversation), ts, text, now);
    }

    /**
     * {@code text} from {@code userId} following up in {@code conversationId} of {@code workspaceId}, answered by the
     * scripted model when {@code scripted}: the event to submit, or empty when the conversation is no longer kept.
     */
    Optional<InboundEvent> reply(
            String workspaceId, String userId, String conversationId, String text, boolean scripted) {
        Instant now = clock.instant();
        String ts = now.getEpochSecond() + "." + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
        lock.lock();
        try {
            List<Said> said = conversations.get(conversationId);
            if (said == null) {
                return Optional.empty();
            }
            said.add(new Said(ts, false, text, now));
            this.scripted.put(conversationId, scripted);
        } finally {
            lock.unlock();
        }
        return Optional.of(
                new InboundEvent("playground-" + ts, new Caller(workspaceId, userId, conversationId), ts, text, now));
    }

    /** Whether {@code conversationId}'s next answer comes from the scripted model. */
    boolean scripted(String conversationId) {
        return scripted.getOrDefault(conversationId, false);
    }

    /** {@code platform}'s history, but for the playground's conversations, whose history is what was said here. */
    public ThreadHistory history(ThreadHistory platform) {
        Objects.requireNonNull(platform, "platform");
        return (caller, limit) -> {
            if (!owns(caller.conversationId())) {
                return platform.load(caller, limit);
            }
            String person = people.getOrDefault(caller.conversationId(), caller.userId());
            List<ThreadMessage> messages = conversation(caller.conversationId()).stream()
                    .map(s -> new ThreadMessage(s.fromLucy() ? "lucy" : person, s.text(), s.at(), s.fromLucy()))
                    .toList();
            return messages.subList(Math.max(0, messages.size() - limit), messages.size());
        };
    }

    /**
     * {@code tracing}, with each run of a playground conversation switched to the scripted model marked on its thread,
     * for {@link #models}.
     */
    public RunTracing tracing(RunTracing tracing) {
        Objects.requireNonNull(tracing, "tracing");
        return new RunTracing() {
            @Override
            public Run begin(dev.lucy.core.runtime.RunRequest request) {
                String conversation = request.event().conversationId();
                scriptedRun.set(owns(conversation) && scripted(conversation));
                Run run = tracing.begin(request);
                return new Run() {
                    @Override
                    public void on(dev.lucy.core.agent.AgentEvent event) {
                        run.on(event);
                    }

                    @Override
                    public ConversationPort watch(ConversationPort port) {
                        return run.watch(port);
                    }

                    @Override
                    public void end() {
                        scriptedRun.remove();
                        run.end();
                    }
                };
            }

            @Override
            public void queueWait(java.time.Duration wait) {
                tracing.queueWait(wait);
            }

            @Override
            public java.util.function.UnaryOperator<ChatModel> modelWrapper() {
                return tracing.modelWrapper();
            }

            @Override
            public dev.lucy.tools.spi.ApprovalAudit approvals(dev.lucy.tools.spi.ApprovalAudit audit) {
                return tracing.approvals(audit);
            }
        };
    }

    /**
     * {@code configured}, but the runs {@link #tracing} marked as scripted are answered by the scripted model, seen
     * through {@code observed} (the run tracing's model wrapper, so its requests show in traces).
     */
    public ChatModel models(ChatModel configured, java.util.function.UnaryOperator<ChatModel> observed) {
        Objects.requireNonNull(configured, "configured");
        ChatModel script = observed.apply(this.script);
        return new ChatModel() {
            private boolean scripted() {
                return Boolean.TRUE.equals(scriptedRun.get());
            }

            @Override
            public ChatResponse chat(ChatRequest request) {
                return scripted() ? script.chat(request) : configured.chat(request);
            }

            @Override
            public ChatResponse chat(ChatRequest request, StreamListener listener) {
                return scripted() ? script.chat(request, listener) : configured.chat(request, listener);
            }

            @Override
            public ChatResponse chat(ChatRequest request, StreamListener listener, ModelEventListener events) {
                return scripted() ? script.chat(request, listener, events) : configured.chat(request, listener, events);
            }
        };
    }

    /** What was said in {@code conversationId}, in order. */
    List<Said> conversation(String conversationId) {
        lock.lock();
        try {
            return List.copyOf(conversations.getOrDefault(conversationId, List.of()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String post(String conversationId, String text) {
        String id = CHANNEL + "-" + sequence.incrementAndGet();
        change(conversationId, said -> said.add(new Said(id, true, text, clock.instant())));
        return id;
    }

    @Override
    public Optional<String> postProgress(String conversationId, String text) {
        return Optional.of(post(conversationId, text));
    }

    @Override
    public void update(String conversationId, String messageId, String text) {
        change(
                conversationId,
                said -> said.replaceAll(
                        s -> s.messageId().equals(messageId) ? new Said(messageId, true, text, s.at()) : s));
    }

    @Override
    public void delete(String conversationId, String messageId) {
        change(
                conversationId,
                said -> said.removeIf(s -> s.fromLucy() && s.messageId().equals(messageId)));
    }

    @Override
    public void react(String conversationId, String messageId, String emoji) {}

    private void change(String conversationId, java.util.function.Consumer<List<Said>> change) {
        lock.lock();
        try {
            List<Said> said = conversations.get(conversationId);
            if (said != null) {
                change.accept(said);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code slack}, with the playground's conversations sent to {@code playground} instead. */
    public static ConversationPort routing(Playground playground, ConversationPort slack) {
        return new RoutedPort(playground, slack);
    }
}
