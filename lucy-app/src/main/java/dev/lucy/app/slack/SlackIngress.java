package dev.lucy.app.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.assistant.AssistantThread;
import com.slack.api.model.assistant.SuggestedPrompt;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.AssistantThreadContextChangedEvent;
import com.slack.api.model.event.AssistantThreadStartedEvent;
import com.slack.api.model.event.MessageBotEvent;
import com.slack.api.model.event.MessageChangedEvent;
import com.slack.api.model.event.MessageChannelJoinEvent;
import com.slack.api.model.event.MessageChannelLeaveEvent;
import com.slack.api.model.event.MessageDeletedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageFileShareEvent;
import com.slack.api.model.event.MessageThreadBroadcastEvent;
import dev.lucy.app.files.FileRef;
import dev.lucy.app.files.SharedFiles;
import dev.lucy.app.settings.ConfigCommand;
import dev.lucy.app.settings.ConversationSettings;
import dev.lucy.app.settings.Managers;
import dev.lucy.core.Caller;
import dev.lucy.core.runtime.Admission;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.LucyRuntime;
import dev.lucy.memory.MemoryAdmin;
import dev.lucy.memory.ThreadMemory;
import dev.lucy.tools.ApprovalDecision;
import dev.lucy.tools.ApprovalGate;
import dev.lucy.tools.Connections;
import dev.lucy.tools.McpServers;
import dev.lucy.tools.ScheduleTools;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's inbound side: registers handlers on a Bolt {@link App} and turns what people do in Slack into work for
 * the {@link LucyRuntime}. Mentions, direct messages (the assistant surface's threads included) and replies in
 * threads Lucy takes part in become {@link InboundEvent}s; approval buttons reach the {@link ApprovalGate}; the
 * {@code /lucy} command answers help, status, forget and connect; opening the Home tab and its buttons reach the
 * {@link SlackHome}.
 *
 * <p>A message for Lucy is acknowledged only once the runtime has it in its inbox (a short, batched database write
 * with the durable inbox), so an event Slack was told arrived survives a crash and is answered after the restart;
 * {@link LucyRuntime#submit} returns at once otherwise, so Slack's 3-second deadline holds whatever the load. Every
 * other handler acknowledges at once and hands its work to an executor. Lucy's own messages, other bots, edits,
 * deletions and joins are acknowledged and ignored. A
 * mention that Slack also delivers as a thread {@code message} is submitted twice with the same message id (its
 * {@code ts}), and the runtime keeps one. A failure is logged and, where a person waits, answered with a short
 * plain notice. Thread safe. Owns the executor it creates (virtual threads by default): {@link #close()} stops it.
 */
public final class SlackIngress implements AutoCloseable {
    /** Action ids of the approval buttons; each button's value is the approval request id. */
    public static final String APPROVE_ACTION = "lucy_approve";

    public static final String CANCEL_ACTION = "lucy_cancel";
    public static final String ALWAYS_ACTION = "lucy_always";

    /** The prompts offered when someone opens a new assistant thread, unless configured. */
    /** Message subtypes that are acknowledged and nothing more: edits, deletions, joins and other bots. */
    private static final Set<String> ACKNOWLEDGED_ONLY =
            Set.of("message_changed", "message_deleted", "bot_message", "channel_join", "channel_leave");

    public static final List<Prompt> DEFAULT_PROMPTS = List.of(
            new Prompt("What can you do?", "What can you do?"),
            new Prompt("Summarise this channel", "Summarise what happened in this channel today."),
            new Prompt("Remember something", "Remember that "),
            new Prompt("What are you working on?", "What are you working on?"));

    /** Slack shows at most four suggested prompts. */
    public static final int MAX_PROMPTS = 4;

    static final String FAILURE_NOTICE = "Sorry, something went wrong on my side while reading that. Please try again.";

    private static final Logger LOG = LoggerFactory.getLogger(SlackIngress.class);
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final String APP_CONTEXT_CHANGED = "app_context_changed";
    /** The type of a context entity that names a channel. */
    private static final String CHANNEL_ENTITY = "slack#/types/channel_id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LucyRuntime runtime;
    private final String botUserId;
    private final java.util.function.Function<String, Optional<String>> botUsers;
    private final Cache<String, Pattern> botMentions =
            Caffeine.newBuilder().maximumSize(10_000).build();
    private final ThreadParticipation participation;
    private final Optional<ThreadMemory> threadMemory;
    private final Optional<ApprovalGate> approvals;
    private final Optional<SharedFiles> sharedFiles;
    private final Optional<SlackHome> home;
    private final Optional<MethodsClient> methods;
    private final AssistantSurface assistant;
    private final Optional<AssistantSurface.Calls> assistantCalls;
    private final Clock clock;
    private final Executor executor;
    private final Optional<ExecutorService> ownedExecutor;
    private final LucyCommand command;
    private final Optional<ConversationSettings> settings;
    private final String commandName;
    private final Cache<String, Boolean> noticed = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    private SlackIngress(Builder b) {
        this.runtime = b.runtime;
        this.botUserId = b.botUserId;
        this.botUsers = b.botUsers;
        this.participation = b.participation;
        this.threadMemory = Optional.ofNullable(b.threadMemory);
        this.approvals = Optional.ofNullable(b.approvals);
        this.sharedFiles = Optional.ofNullable(b.sharedFiles);
        this.home = Optional.ofNullable(b.home);
        this.assistant = new AssistantSurface(b.prompts, b.promptsTitle);
        this.assistantCalls = Optional.ofNullable(b.port).map(AssistantSurface.Calls::through);
        this.clock = b.clock;
        if (b.executor == null) {
            ExecutorService own = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("lucy-slack-in-", 0).factory());
            this.executor = own;
            this.ownedExecutor = Optional.of(own);
        } else {
            this.executor = b.executor;
            this.ownedExecutor = Optional.empty();
        }
        this.commandName = b.commandName;
        this.methods = Optional.ofNullable(b.methods);
        this.command = new LucyCommand(
                b.commandName,
                runtime,
                Optional.ofNullable(b.memoryAdmin),
                Optional.ofNullable(b.connections),
                Optional.ofNullable(b.schedules),
                b.mcpServers,
                clock,
                b.settings.map(s -> new ConfigCommand(b.commandName, s, b.managers)));
        this.settings = b.settings;
    }

    /**
     * A builder for an ingress that submits to {@code runtime} and knows itself as {@code botUserId} (from
     * {@code auth.test}, see {@link SlackTransport#botUserId()}).
     */
    public static Builder builder(LucyRuntime runtime, String botUserId) {
        return new Builder(runtime, botUserId);
    }

    /**
     * A builder for an ingress serving only workspaces that installed Lucy through OAuth, with no bot token of its
     * own: {@code botUsers} gives Lucy's user id in each ({@link SlackWorkspaces#botUserId}).
     */
    public static Builder builder(LucyRuntime runtime, java.util.function.Function<String, Optional<String>> botUsers) {
        return new Builder(runtime).botUsers(botUsers);
    }

    /** Registers every handler on {@code app}. Call once per app, before it starts. Returns the app. */
    public App register(App app) {
        app.event(
                AppMentionEvent.class,
                (req, ctx) -> receive(ctx, () -> onMention(ctx.client(), Incoming.mention(req))));
        app.event(MessageEvent.class, (req, ctx) -> receive(ctx, () -> onMessage(ctx.client(), Incoming.message(req))));
        app.event(
                MessageFileShareEvent.class,
                (req, ctx) -> receive(ctx, () -> onMessage(ctx.client(), Incoming.fileShare(req))));
        app.event(
                MessageThreadBroadcastEvent.class,
                (req, ctx) -> receive(ctx, () -> onMessage(ctx.client(), Incoming.broadcast(req))));
        // Edits, deletions, joins and other bots: acknowledged, never a run.
        app.event(MessageChangedEvent.class, (req, ctx) -> ctx.ack());
        app.event(MessageDeletedEvent.class, (req, ctx) -> ctx.ack());
        app.event(MessageBotEvent.class, (req, ctx) -> ctx.ack());
        app.event(MessageChannelJoinEvent.class, (req, ctx) -> ctx.ack());
        app.event(MessageChannelLeaveEvent.class, (req, ctx) -> ctx.ack());
        // The assistant surfaces: the legacy assistant view's thread events, and the agent view's messages tab and
        // context (app_context_changed has no Bolt model: the middleware below reads it).
        app.event(AssistantThreadStartedEvent.class, (req, ctx) -> {
            AssistantThread thread = req.getEvent().getAssistantThread();
            return accept(ctx, () -> onAssistantThreadStarted(thread, ctx.client()));
        });
        app.event(AssistantThreadContextChangedEvent.class, (req, ctx) -> {
            AssistantThread thread = req.getEvent().getAssistantThread();
            return accept(ctx, () -> rememberContext(thread));
        });
        app.event(AppHomeOpenedEvent.class, (req, ctx) -> {
            AppHomeOpenedEvent e = req.getEvent();
            String team = req.getTeamId();
            return accept(ctx, () -> onAppHomeOpened(team, e, ctx.client()));
        });
        app.blockAction(APPROVE_ACTION, (req, ctx) -> decide(req, ctx, ApprovalDecision::approve));
        app.blockAction(CANCEL_ACTION, (req, ctx) -> decide(req, ctx, ApprovalDecision::cancel));
        app.blockAction(ALWAYS_ACTION, (req, ctx) -> decide(req, ctx, ApprovalDecision::alwaysAllow));
        app.blockAction(LucyCommand.SCHEDULE_PAUSE, (req, ctx) -> scheduleClick(req, ctx, LucyCommand.SCHEDULE_PAUSE));
        app.blockAction(
                LucyCommand.SCHEDULE_DELETE, (req, ctx) -> scheduleClick(req, ctx, LucyCommand.SCHEDULE_DELETE));
        app.command(commandName, (req, ctx) -> command.handle(req.getPayload(), ctx, executor));
        for (String action : SlackHome.ACTIONS) {
            app.blockAction(action, this::homeClick);
        }
        // Bolt leaves an event without a handler unacknowledged, and Slack would send it again and again.
        app.use((req, resp, chain) -> {
            if (req instanceof EventRequest event && APP_CONTEXT_CHANGED.equals(event.getEventType())) {
                onAppContextChanged(event.getRequestBodyAsString());
                return Response.ok();
            }
            Response response = chain.next(req);
            if (req.getRequestType() == RequestType.Event && response.getStatusCode() == 404) {
                LOG.debug("acknowledged a Slack event Lucy does not handle");
                return Response.ok();
            }
            return response;
        });
        return app;
    }

    /** The channel the user had open when they last opened or moved their assistant thread, if Slack said. */
    public Optional<String> viewing(String conversationId) {
        return assistant.viewing(conversationId);
    }

    /**
     * Something a person's Home tab shows changed at {@code at} (one of their tasks ended): their view is published
     * again, off the caller's thread, if they used the tab lately. Nothing without a Home tab.
     */
    public void homeChanged(String workspaceId, String userId, Instant at) {
        home.ifPresent(h -> {
            try {
                executor.execute(() -> h.changed(workspaceId, userId, at));
            } catch (RejectedExecutionException stopping) {
                LOG.debug("the Home tab of {} is not refreshed: Lucy is stopping", userId);
            }
        });
    }

    /** Stops the executor this ingress created, letting queued hand-offs finish for a few seconds. */
    @Override
    public void close() {
        ownedExecutor.ifPresent(own -> {
            own.shutdown();
            try {
                if (!own.awaitTermination(5, TimeUnit.SECONDS)) {
                    own.shutdownNow();
                }
            } catch (InterruptedException e) {
                own.shutdownNow();
                Thread.currentThread().interrupt();
            }
        });
    }

    // ------------------------------------------------------------------ acknowledging

    /** Hands {@code work} to the executor and acknowledges; refuses the ack when nothing can take the work. */
    private Response accept(EventContext ctx, Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("a Slack event could not be handled", e);
                }
            });
            return ctx.ack();
        } catch (RejectedExecutionException e) {
            // Stopping: leave it unacknowledged so Slack delivers it again, to this or another instance.
            LOG.warn("a Slack event arrived while Lucy is stopping; leaving it for Slack to deliver again");
            return Response.builder().statusCode(503).body("stopping").build();
        }
    }

    /**
     * Hands a message to the runtime on Slack's own thread and acknowledges afterwards, so the event is in the
     * runtime's inbox before Slack hears it arrived.
     */
    private Response receive(EventContext ctx, Runnable work) {
        received(work);
        return ctx.ack();
    }

    // ------------------------------------------------------------------ messages

    /**
     * Handles an Events API payload straight from its JSON when it carries a message or a mention, or an event Lucy
     * only acknowledges (edits, deletions, joins, other bots): the same as the Bolt handlers {@link #register}
     * adds, without Bolt's parsing. Returns false for anything else, and when no {@link Builder#methods} client was
     * given for failure notices; Bolt handles those. For {@link SlackTransport#readEventsFirst}.
     */
    public boolean readEvent(JsonNode payload) {
        if (methods.isEmpty()) {
            return false;
        }
        JsonNode event = payload.path("event");
        String type = event.path("type").asText("");
        if (type.equals("app_mention")) {
            received(() -> onMention(methods.get(), Incoming.of(payload, event, false)));
            return true;
        }
        if (!type.equals("message")) {
            return false;
        }
        String subtype = event.path("subtype").asText("");
        if (subtype.isEmpty() || subtype.equals("file_share") || subtype.equals("thread_broadcast")) {
            received(() -> onMessage(methods.get(), Incoming.of(payload, event, true)));
            return true;
        }
        return ACKNOWLEDGED_ONLY.contains(subtype);
    }

    private static void received(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("a Slack event could not be handled", e);
        }
    }

    /** One message as Lucy needs it, whichever event delivered it. */
    record Incoming(
            String eventId,
            String teamId,
            String channel,
            String channelType,
            String user,
            String botId,
            String text,
            String ts,
            String threadTs,
            List<FileRef> files) {

        /**
         * From the Events API payload's JSON: the envelope's team, else the event's. A mention carries no channel
         * type, as in Slack; a file share or a thread broadcast names no bot.
         */
        static Incoming of(JsonNode payload, JsonNode event, boolean message) {
            String team = text(payload, "team_id");
            return new Incoming(
                    text(payload, "event_id"),
                    team != null ? team : text(event, "team"),
                    text(event, "channel"),
                    message ? text(event, "channel_type") : null,
                    text(event, "user"),
                    text(event, "bot_id"),
                    text(event, "text"),
                    text(event, "ts"),
                    text(event, "thread_ts"),
                    files(event.path("files")));
        }

        /** The files of a message event: what they are and where, never their content. */
        static List<FileRef> files(JsonNode files) {
            if (!files.isArray()) {
                return List.of();
            }
            List<FileRef> refs = new java.util.ArrayList<>();
            for (JsonNode f : files) {
                String id = text(f, "id");
                if (id == null) {
                    continue;
                }
                refs.add(new FileRef(
                        id,
                        Objects.requireNonNullElse(text(f, "name"), id),
                        Objects.requireNonNullElse(text(f, "mimetype"), ""),
                        Objects.requireNonNullElse(text(f, "filetype"), ""),
                        f.path("size").asLong(-1),
                        Objects.requireNonNullElse(text(f, "url_private_download"), "")));
            }
            return List.copyOf(refs);
        }

        /** The same from Bolt's model of a file. */
        static List<FileRef> files(List<com.slack.api.model.File> files) {
            if (files == null) {
                return List.of();
            }
            return files.stream()
                    .filter(f -> f.getId() != null)
                    .map(f -> new FileRef(
                            f.getId(),
                            Objects.requireNonNullElse(f.getName(), f.getId()),
                            Objects.requireNonNullElse(f.getMimetype(), ""),
                            Objects.requireNonNullElse(f.getFiletype(), ""),
                            f.getSize() == null ? -1 : f.getSize(),
                            Objects.requireNonNullElse(f.getUrlPrivateDownload(), "")))
                    .toList();
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || !value.isTextual() ? null : value.asText();
        }

        /** An {@code app_mention}; it carries no channel type, as in Slack. */
        static Incoming mention(EventsApiPayload<AppMentionEvent> req) {
            AppMentionEvent e = req.getEvent();
            return new Incoming(
                    req.getEventId(),
                    team(req, e.getTeam()),
                    e.getChannel(),
                    null,
                    e.getUser(),
                    e.getBotId(),
                    e.getText(),
                    e.getTs(),
                    e.getThreadTs(),
                    files(e.getFiles()));
        }

        /** A plain {@code message}: in a channel, a thread or a direct message. */
        static Incoming message(EventsApiPayload<MessageEvent> req) {
            MessageEvent e = req.getEvent();
            return new Incoming(
                    req.getEventId(),
                    team(req, e.getTeam()),
                    e.getChannel(),
                    e.getChannelType(),
                    e.getUser(),
                    e.getBotId(),
                    e.getText(),
                    e.getTs(),
                    e.getThreadTs(),
                    files(e.getFiles()));
        }

        /** A {@code message} with a file ({@code file_share}); the event names no team and no bot. */
        static Incoming fileShare(EventsApiPayload<MessageFileShareEvent> req) {
            MessageFileShareEvent e = req.getEvent();
            return withoutTeamOrBot(
                    req,
                    e.getChannel(),
                    e.getChannelType(),
                    e.getUser(),
                    e.getText(),
                    e.getTs(),
                    e.getThreadTs(),
                    files(e.getFiles()));
        }

        /** A thread reply also sent to the channel ({@code thread_broadcast}); the event names no team and no bot. */
        static Incoming broadcast(EventsApiPayload<MessageThreadBroadcastEvent> req) {
            MessageThreadBroadcastEvent e = req.getEvent();
            return withoutTeamOrBot(
                    req,
                    e.getChannel(),
                    e.getChannelType(),
                    e.getUser(),
                    e.getText(),
                    e.getTs(),
                    e.getThreadTs(),
                    List.of());
        }

        private static Incoming withoutTeamOrBot(
                EventsApiPayload<?> req,
                String channel,
                String channelType,
                String user,
                String text,
                String ts,
                String threadTs,
                List<FileRef> files) {
            return new Incoming(
                    req.getEventId(), team(req, null), channel, channelType, user, null, text, ts, threadTs, files);
        }

        /** The team of the envelope, else the one the event names. */
        private static String team(EventsApiPayload<?> req, String fallback) {
            String team = req.getTeamId();
            return team != null ? team : fallback;
        }

        SlackConversation conversation() {
            return SlackConversation.of(channel, ts, threadTs);
        }

        boolean direct() {
            return "im".equals(channelType) || (channelType == null && channel.startsWith("D"));
        }
    }

    private void onMention(MethodsClient client, Incoming m) {
        if (!fromPerson(m) || m.channel() == null || m.ts() == null) {
            return;
        }
        participation.joined(m.conversation());
        submit(client, m);
    }

    private void onMessage(MethodsClient client, Incoming m) {
        if (m.channel() == null || m.ts() == null) {
            return;
        }
        SlackConversation conversation = m.conversation();
        String bot = botIn(m.teamId());
        if (bot.equals(m.user())) {
            participation.joined(conversation); // Lucy posted here: replies reach it without a mention
            refreshHistory(m.teamId(), bot, conversation);
            return;
        }
        if (!fromPerson(m)) {
            return;
        }
        refreshHistory(m.teamId(), m.user(), conversation);
        if (m.direct()) {
            participation.joined(conversation);
            submit(client, m);
            nameThread(client, m);
        } else if (participation.takesPart(conversation) && joinsThreads(m.teamId(), conversation.channel())) {
            submit(client, m);
        }
    }

    /** Whether the channel's settings let a reply in a thread reach Lucy without a mention (on by default). */
    private boolean joinsThreads(String teamId, String channel) {
        return settings.map(s -> s.effective(teamId, channel).joinThreads()).orElse(true);
    }

    private boolean fromPerson(Incoming m) {
        return m.user() != null && !m.user().equals(botIn(m.teamId())) && m.botId() == null && m.teamId() != null;
    }

    /** Lucy's own user id in workspace {@code teamId}: each workspace Lucy is installed in gives it another. */
    private String botIn(String teamId) {
        return teamId == null
                ? botUserId
                : botUsers.apply(teamId).filter(id -> !id.isEmpty()).orElse(botUserId);
    }

    private void refreshHistory(String teamId, String user, SlackConversation conversation) {
        if (teamId != null && user != null) {
            threadMemory.ifPresent(memory -> memory.messageArrived(new Caller(teamId, user, conversation.id())));
        }
    }

    private void submit(MethodsClient client, Incoming m) {
        SlackConversation conversation = m.conversation();
        Caller caller = new Caller(m.teamId(), m.user(), conversation.id());
        try {
            threadMemory.ifPresent(memory -> memory.messageArrived(caller));
            // what the files are and where, for the run to read them; never their content
            sharedFiles.ifPresent(files -> files.shared(conversation.id(), m.ts(), m.files()));
            InboundEvent event = new InboundEvent(
                    m.eventId() == null ? m.channel() + ":" + m.ts() : m.eventId(),
                    caller,
                    m.ts(),
                    withoutMention(m.teamId(), m.text()),
                    sentAt(m.ts()));
            Admission admission = runtime.submit(event);
            LOG.debug("event {} in {}: {}", event.eventId(), conversation.id(), admission);
        } catch (RuntimeException e) {
            LOG.error("a message in {} could not be handed to Lucy", conversation.id(), e);
            // The same message may arrive twice (mention and thread message): one notice is enough.
            if (noticed.asMap().putIfAbsent(conversation.id() + ":" + m.ts(), Boolean.TRUE) == null) {
                Runnable notice = () -> tell(client, conversation, FAILURE_NOTICE);
                try {
                    executor.execute(notice); // off Slack's thread: the acknowledgement need not wait for it
                } catch (RejectedExecutionException stopping) {
                    notice.run();
                }
            }
        }
    }

    /** Posts a short notice straight through Slack, for when the runtime could not take a message. */
    private static void tell(MethodsClient client, SlackConversation conversation, String text) {
        try {
            var response = client.chatPostMessage(r -> r.channel(conversation.channel())
                    .threadTs(conversation.threadTs())
                    .text(text));
            if (!response.isOk()) {
                LOG.warn("the failure notice in {} was refused: {}", conversation.id(), response.getError());
            }
        } catch (Exception e) {
            LOG.warn("the failure notice in {} could not be posted", conversation.id(), e);
        }
    }

    /**
     * The text without Lucy's own mention in workspace {@code teamId} ({@code <@U…>} or {@code <@U…|name>}), spaces
     * tidied.
     */
    String withoutMention(String teamId, String text) {
        if (text == null) {
            return "";
        }
        Pattern mention =
                botMentions.get(botIn(teamId), bot -> Pattern.compile("<@" + Pattern.quote(bot) + "(\\|[^>]*)?>"));
        return SPACES.matcher(mention.matcher(text).replaceAll(" "))
                .replaceAll(" ")
                .trim();
    }

    /** A Slack {@code ts} ({@code 1700000000.000100}) as an instant; now when it cannot be read. */
    Instant sentAt(String ts) {
        try {
            int dot = ts.indexOf('.');
            long seconds = Long.parseLong(dot < 0 ? ts : ts.substring(0, dot));
            String fraction = dot < 0 ? "" : ts.substring(dot + 1);
            long micros = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000").substring(0, 6));
            return Instant.ofEpochSecond(seconds, micros * 1_000);
        } catch (RuntimeException e) {
            return clock.instant();
        }
    }

    // ------------------------------------------------------------------ assistant surface

    private void onAssistantThreadStarted(AssistantThread thread, MethodsClient client) {
        if (thread == null || thread.getChannelId() == null || thread.getThreadTs() == null) {
            return;
        }
        SlackConversation conversation = new SlackConversation(thread.getChannelId(), thread.getThreadTs());
        participation.joined(conversation);
        assistant.opened(
                new AssistantSurface.Opened(
                        Objects.requireNonNullElse(thread.getUserId(), ""),
                        thread.getChannelId(),
                        Optional.of(thread.getThreadTs()),
                        viewingOf(thread)),
                calls(client));
    }

    private void rememberContext(AssistantThread thread) {
        if (thread == null || thread.getChannelId() == null || thread.getThreadTs() == null) {
            return;
        }
        assistant.contextChanged(new SlackConversation(thread.getChannelId(), thread.getThreadTs()), viewingOf(thread));
    }

    private static Optional<String> viewingOf(AssistantThread thread) {
        return Optional.ofNullable(thread.getContext()).map(context -> context.getChannelId());
    }

    /**
     * {@code app_home_opened}, routed by tab: the messages tab is the agent view's way in (the assistant surface
     * opened), the Home tab to {@link SlackHome}, which publishes the person's view.
     */
    private void onAppHomeOpened(String teamId, AppHomeOpenedEvent e, MethodsClient client) {
        if (e.getUser() == null || e.getChannel() == null) {
            return;
        }
        switch (Objects.requireNonNullElse(e.getTab(), "")) {
            case "messages" ->
                assistant.opened(
                        new AssistantSurface.Opened(e.getUser(), e.getChannel(), Optional.empty(), Optional.empty()),
                        calls(client));
            case "home" -> {
                if (teamId != null) {
                    home.ifPresent(h -> h.opened(teamId, e.getUser()));
                }
            }
            default -> LOG.debug("app_home_opened on tab {} ignored", e.getTab());
        }
    }

    /**
     * {@code app_context_changed} (agent view): what the person now looks at, the first channel of the event's
     * context entities, or nothing. The person is the event's {@code user}, else the one the event was authorised for.
     */
    private void onAppContextChanged(String body) {
        try {
            JsonNode payload = JSON.readTree(body);
            JsonNode event = payload.path("event");
            String user = event.path("user").asText("");
            if (user.isEmpty()) {
                for (JsonNode auth : payload.path("authorizations")) {
                    if (!auth.path("is_bot").asBoolean(false)) {
                        user = auth.path("user_id").asText("");
                        break;
                    }
                }
            }
            Optional<String> channel = Optional.empty();
            for (JsonNode entity : event.path("context").path("entities")) {
                if (CHANNEL_ENTITY.equals(entity.path("type").asText())) {
                    channel = Optional.of(entity.path("value").asText()).filter(v -> !v.isBlank());
                    break;
                }
            }
            if (!user.isEmpty()) {
                assistant.contextChanged(user, channel);
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("an app_context_changed event could not be read: {}", e.getMessage());
        }
    }

    /** The first question of a new assistant thread names it, off Slack's thread. */
    private void nameThread(MethodsClient client, Incoming m) {
        String text = withoutMention(m.teamId(), m.text());
        try {
            executor.execute(() -> assistant.messaged(m.conversation(), m.ts(), text, calls(client)));
        } catch (RejectedExecutionException stopping) {
            LOG.debug(
                    "stopping: the thread {} keeps its title", m.conversation().id());
        }
    }

    /** The port when given (within Slack's limits), else the event's own client. */
    private AssistantSurface.Calls calls(MethodsClient client) {
        return assistantCalls.orElseGet(() -> new DirectCalls(client));
    }

    /** The assistant surface's calls straight through a Bolt client, for an ingress built without a port. */
    private record DirectCalls(MethodsClient client) implements AssistantSurface.Calls {
        @Override
        public void suggestPrompts(String channel, Optional<String> threadTs, String title, List<Prompt> prompts) {
            List<SuggestedPrompt> suggested = prompts.stream()
                    .map(p -> new SuggestedPrompt(p.title(), p.message()))
                    .toList();
            try {
                var response = client.assistantThreadsSetSuggestedPrompts(r -> r.channelId(channel)
                        .threadTs(threadTs.orElse(null))
                        .title(title)
                        .prompts(suggested));
                if (!response.isOk()) {
                    LOG.warn("Slack refused the suggested prompts in {}: {}", channel, response.getError());
                }
            } catch (Exception e) {
                LOG.warn("the suggested prompts in {} could not be set", channel, e);
            }
        }

        @Override
        public void setTitle(String conversationId, String title) {
            SlackConversation thread = SlackConversation.parse(conversationId);
            try {
                var response = client.assistantThreadsSetTitle(r -> r.channelId(thread.channel())
                        .threadTs(thread.threadTs())
                        .title(title));
                if (!response.isOk()) {
                    LOG.warn("Slack refused the title of {}: {}", conversationId, response.getError());
                }
            } catch (Exception e) {
                LOG.warn("the title of {} could not be set", conversationId, e);
            }
        }
    }

    // ------------------------------------------------------------------ approvals

    private Response decide(
            BlockActionRequest req, ActionContext ctx, java.util.function.Function<String, ApprovalDecision> kind) {
        var payload = req.getPayload();
        String user = payload.getUser() == null ? null : payload.getUser().getId();
        String requestId = payload.getActions() == null || payload.getActions().isEmpty()
                ? null
                : payload.getActions().get(0).getValue();
        try {
            executor.execute(() -> {
                String notice = decision(requestId, user, kind);
                if (notice != null) {
                    try {
                        ctx.respond(r -> r.responseType("ephemeral")
                                .replaceOriginal(false)
                                .text(notice));
                    } catch (Exception e) {
                        LOG.warn("could not tell {} about their approval click", user, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("an approval click arrived while Lucy is stopping; leaving it for Slack to deliver again");
            return Response.builder().statusCode(503).body("stopping").build();
        }
        return ctx.ack();
    }

    /** A schedule's Pause or Delete button from {@code /lucy schedules}: done as the person who clicked, and said. */
    private Response scheduleClick(BlockActionRequest req, ActionContext ctx, String actionId) {
        var payload = req.getPayload();
        String user = payload.getUser() == null ? null : payload.getUser().getId();
        String team = payload.getTeam() == null ? null : payload.getTeam().getId();
        String channel =
                payload.getChannel() == null ? null : payload.getChannel().getId();
        String scheduleId = payload.getActions() == null || payload.getActions().isEmpty()
                ? null
                : payload.getActions().get(0).getValue();
        if (user == null || team == null || channel == null || scheduleId == null) {
            LOG.warn("a schedule button click without a user, team, channel or schedule id");
            return ctx.ack();
        }
        try {
            executor.execute(() -> {
                String notice = command.scheduleClick(actionId, scheduleId, new Caller(team, user, channel));
                try {
                    ctx.respond(r ->
                            r.responseType("ephemeral").replaceOriginal(false).text(notice));
                } catch (Exception e) {
                    LOG.warn("could not tell {} about their schedule click", user, e);
                }
            });
        } catch (RejectedExecutionException e) {
            return Response.builder().statusCode(503).body("stopping").build();
        }
        return ctx.ack();
    }

    /** A button of the Home tab: done as the person who pressed it, in their workspace, then their view refreshed. */
    private Response homeClick(BlockActionRequest req, ActionContext ctx) {
        var payload = req.getPayload();
        String user = payload.getUser() == null ? null : payload.getUser().getId();
        String team = payload.getTeam() != null
                ? payload.getTeam().getId()
                : payload.getUser() == null ? null : payload.getUser().getTeamId();
        var action = payload.getActions() == null || payload.getActions().isEmpty()
                ? null
                : payload.getActions().get(0);
        boolean inView = payload.getContainer() != null
                && "view".equals(payload.getContainer().getType());
        if (home.isEmpty() || user == null || team == null || action == null || !inView) {
            LOG.warn("a Home button press without a Home tab, user, team or action, or outside a view");
            return ctx.ack();
        }
        String actionId = action.getActionId();
        String value = action.getValue();
        try {
            executor.execute(() -> home.get().pressed(team, user, actionId, value));
        } catch (RejectedExecutionException e) {
            return Response.builder().statusCode(503).body("stopping").build();
        }
        return ctx.ack();
    }

    /** Records the click; returns what to tell the person, or null when the approval message itself will change. */
    private String decision(String requestId, String user, java.util.function.Function<String, ApprovalDecision> kind) {
        if (approvals.isEmpty()) {
            LOG.warn("an approval button was clicked but this Lucy has no approval gate");
            return "Approvals are not set up here, so nothing was run.";
        }
        if (requestId == null || requestId.isBlank() || user == null) {
            LOG.warn("an approval click without a request id or user");
            return "I could not read that button. Nothing was run.";
        }
        ApprovalGate gate = approvals.get();
        try {
            Optional<String> asker = gate.find(requestId).map(r -> r.caller().userId());
            if (asker.isPresent() && !asker.get().equals(user)) {
                return "Only <@" + asker.get() + ">, who asked for this, can decide it.";
            }
            if (!gate.decide(requestId, kind.apply(user))) {
                return "That request was already decided or has expired.";
            }
            return null;
        } catch (RuntimeException e) {
            LOG.error("the approval click on {} could not be recorded", requestId, e);
            return "Sorry, I could not record that. Nothing was run; please try again.";
        }
    }

    /**
     * A suggested prompt in a new assistant thread.
     *
     * @param title the label shown
     * @param message what is sent when the person picks it
     */
    public record Prompt(String title, String message) {
        public Prompt {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(message, "message");
            if (title.isBlank() || message.isBlank()) {
                throw new IllegalArgumentException("a prompt needs a title and a message");
            }
        }
    }

    /** Builds a {@link SlackIngress}; the runtime and the bot user id are required, the rest optional. */
    public static final class Builder {
        private final LucyRuntime runtime;
        private final String botUserId;
        private java.util.function.Function<String, Optional<String>> botUsers = workspace -> Optional.empty();
        private ThreadParticipation participation = ThreadParticipation.defaults();
        private ThreadMemory threadMemory;
        private ApprovalGate approvals;
        private SharedFiles sharedFiles;
        private SlackHome home;
        private MemoryAdmin memoryAdmin;
        private Connections connections;
        private MethodsClient methods;
        private ScheduleTools schedules;
        private McpServers mcpServers = McpServers.none();
        private Optional<ConversationSettings> settings = Optional.empty();
        private Managers managers = Managers.nobody();
        private Executor executor;
        private List<Prompt> prompts = DEFAULT_PROMPTS;
        private String promptsTitle = "Try asking";
        private SlackPort port;
        private String commandName = LucyCommand.NAME;
        private Clock clock = Clock.systemUTC();

        /** Without a bot user of its own: Lucy's user in each workspace comes from {@link #botUsers}. */
        private Builder(LucyRuntime runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            this.botUserId = "";
        }

        private Builder(LucyRuntime runtime, String botUserId) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(botUserId, "botUserId");
            if (!botUserId.matches("[UW][A-Z0-9]+")) {
                throw new IllegalArgumentException(
                        "botUserId must be a Slack user id such as U0123ABC, was '" + botUserId + "'");
            }
            this.botUserId = botUserId;
        }

        /**
         * Lucy's user id in each workspace it serves ({@link SlackWorkspaces#botUserId}): the mention stripped from a
         * message, and how Lucy knows its own messages there. Default: the builder's bot user id in every workspace.
         */
        public Builder botUsers(java.util.function.Function<String, Optional<String>> botUsers) {
            this.botUsers = Objects.requireNonNull(botUsers, "botUsers");
            return this;
        }

        /** The threads Lucy takes part in. Default {@link ThreadParticipation#defaults()}; share it with the port. */
        public Builder participation(ThreadParticipation participation) {
            this.participation = Objects.requireNonNull(participation, "participation");
            return this;
        }

        /** Told of every new message so a cached thread history is read again. Default none. */
        public Builder threadMemory(ThreadMemory threadMemory) {
            this.threadMemory = Objects.requireNonNull(threadMemory, "threadMemory");
            return this;
        }

        /** Receives the approval buttons' clicks. Default none (clicks are answered "not set up"). */
        public Builder approvals(ApprovalGate approvals) {
            this.approvals = Objects.requireNonNull(approvals, "approvals");
            return this;
        }

        /** Told which files came with each message Lucy takes, for the run to read. Default none (files ignored). */
        public Builder sharedFiles(SharedFiles sharedFiles) {
            this.sharedFiles = Objects.requireNonNull(sharedFiles, "sharedFiles");
            return this;
        }

        /** The App Home tab, published when a person opens it and changed by its buttons. Default none. */
        public Builder home(SlackHome home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        /** What {@code /lucy forget} forgets from. Default none. */
        public Builder memoryAdmin(MemoryAdmin memoryAdmin) {
            this.memoryAdmin = Objects.requireNonNull(memoryAdmin, "memoryAdmin");
            return this;
        }

        /** What {@code /lucy schedules} lists and its buttons change. Default none. */
        public Builder schedules(ScheduleTools schedules) {
            this.schedules = Objects.requireNonNull(schedules, "schedules");
            return this;
        }

        /** What {@code /lucy connect} looks up. Default none. */
        public Builder connections(Connections connections) {
            this.connections = Objects.requireNonNull(connections, "connections");
            return this;
        }

        /**
         * The bot's Web API client, for the failure notices of events read by {@link #readEvent}. Default none:
         * every event then goes through Bolt, whose context brings its own client.
         */
        public Builder methods(MethodsClient methods) {
            this.methods = Objects.requireNonNull(methods, "methods");
            return this;
        }

        /** The MCP servers {@code /lucy connect} names as connected for everyone. Default: none. */
        public Builder mcpServers(McpServers mcpServers) {
            this.mcpServers = Objects.requireNonNull(mcpServers, "mcpServers");
            return this;
        }

        /**
         * The workspace and channel settings {@code /lucy config} shows and changes, changed by {@code managers};
         * their join-threads setting decides whether a reply in a thread reaches Lucy without a mention. Default:
         * none ({@code /lucy config} says settings are not set up; Lucy joins threads).
         */
        public Builder settings(ConversationSettings settings, Managers managers) {
            this.settings = Optional.of(settings);
            this.managers = Objects.requireNonNull(managers, "managers");
            return this;
        }

        /** Where handlers hand their work. Default: a virtual thread per event, owned and closed by the ingress. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The prompts offered in a new assistant thread (at most {@value #MAX_PROMPTS}); empty offers none. */
        public Builder suggestedPrompts(String title, List<Prompt> prompts) {
            Objects.requireNonNull(title, "promptsTitle");
            Objects.requireNonNull(prompts, "prompts");
            if (prompts.size() > MAX_PROMPTS) {
                throw new IllegalArgumentException(
                        "prompts: Slack shows at most " + MAX_PROMPTS + ", got " + prompts.size());
            }
            this.promptsTitle = title;
            this.prompts = List.copyOf(prompts);
            return this;
        }

        /**
         * Where the assistant surfaces' calls go (suggested prompts, thread titles): through the port, within Slack's
         * limits. Default: straight through the client of each event.
         */
        public Builder port(SlackPort port) {
            this.port = Objects.requireNonNull(port, "port");
            return this;
        }

        /** The slash command's name as configured in the Slack app. Default {@code /lucy}. */
        public Builder commandName(String commandName) {
            Objects.requireNonNull(commandName, "commandName");
            if (!commandName.matches("/[a-z0-9_-]+")) {
                throw new IllegalArgumentException("commandName must look like /lucy, was '" + commandName + "'");
            }
            this.commandName = commandName;
            return this;
        }

        /** Used where a message's own time cannot be read, and for task ages. Default the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public SlackIngress build() {
            return new SlackIngress(this);
        }
    }
}
