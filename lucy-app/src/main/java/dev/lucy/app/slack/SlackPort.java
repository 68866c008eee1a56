package dev.lucy.app.slack;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.positive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.Message;
import dev.lucy.app.slack.SlackBudgets.Priority;
import dev.lucy.core.Caller;
import dev.lucy.core.LucyException;
import dev.lucy.core.Sleeper;
import dev.lucy.core.model.RateBudget;
import dev.lucy.core.spi.ConversationPort;
import dev.lucy.slack.AppendBuffer;
import dev.lucy.slack.FormatOptions;
import dev.lucy.slack.ProgressNarrator;
import dev.lucy.slack.Sanitiser;
import dev.lucy.slack.SlackFormatter;
import dev.lucy.slack.SlackMessage;
import dev.lucy.slack.StreamingRenderer;
import dev.lucy.slack.TonePipeline;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lucy's {@link ConversationPort} for Slack. Conversation ids are {@link SlackConversation} ids
 * ({@code CHANNEL:THREAD_TS}); message ids are Slack {@code ts}.
 *
 * <ul>
 *   <li>{@link #post} replies in the conversation's thread. The Markdown goes through lucy-slack's formatter with
 *       the tone filter and the sanitiser as prose filters (filler removed, secrets and internals never shown),
 *       and an answer too long for one message becomes several, posted in order. It returns the ts of the
 *       <b>first</b> message (where the answer starts); the port remembers the others, so {@link #update} and
 *       {@link #delete} of that ts act on the whole answer.
 *   <li>{@link #update} edits in place, formatted the same way. When the new text needs more messages than the
 *       answer has, the first is edited and the rest are edited or posted after it in the thread (a part posted
 *       by an update comes after anything posted in between); parts no longer needed are deleted.
 *   <li>{@link #react} / {@link #unreact}: {@code already_reacted} and {@code no_reaction} are not errors.
 *   <li>{@link #setStatus}: {@code assistant.threads.setStatus} with loading messages in DMs (where the
 *       assistant surface lives); nothing in channels, where the working emoji shows work. An empty status
 *       clears. Status is cosmetic: Slack refusing it is logged, not thrown.
 *   <li>{@link #startStream}: {@code chat.startStream / appendStream / stopStream} in DMs and, addressed to a
 *       person, in channel threads, appends batched by an {@link AppendBuffer} (at most one call per
 *       {@link Builder#streamFlushInterval}, 12,000 characters each). When {@code chat.startStream} has no permit to
 *       spare, or Slack refuses it (an error or a 429), or a stream call fails midway: a posted message edited in
 *       place (at most once per {@link Builder#streamEditInterval}) and formatted in full when the stream finishes;
 *       or, when edits are short too, the answer posted once written.
 * </ul>
 *
 * <p>Rate limits: a 429 waits {@code Retry-After} and tries again; {@code chat.postMessage} is paced per channel
 * (a token bucket: {@link Builder#postBurst} at once, then one per {@link Builder#postInterval}). Each channel's
 * posts, edits and deletions run one at a time in the order they were asked for (a fair lock per channel held
 * across waiting and retrying), so concurrent callers never interleave the parts of two answers, and a retried
 * message is never overtaken. Retries are bounded; an undeliverable call throws a {@link LucyException} naming
 * the method and Slack's error, never the token.
 *
 * <p>Thread safe; blocking (meant for virtual threads). Every post records {@link ThreadParticipation#joined}.
 */
public final class SlackPort implements ConversationPort {
    /** Messages posted at once in one channel before pacing starts. */
    public static final int DEFAULT_POST_BURST = 3;
    /** One {@code chat.postMessage} per channel per this interval once the burst is used (Slack: about 1/s). */
    public static final Duration DEFAULT_POST_INTERVAL = Duration.ofSeconds(1);
    /** Longest text of one message; Slack cuts above 40,000 characters and 4,000 reads better. */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 4_000;
    /** {@code chat.appendStream} at most this often per stream. */
    public static final Duration DEFAULT_STREAM_FLUSH_INTERVAL = Duration.ofMillis(500);
    /** Characters gathered that make a stream append go out before the flush interval has passed. */
    public static final int DEFAULT_STREAM_FLUSH_CHARS = 1_000;
    /** Edits of a streamed answer in the post-and-edit fallback at most this often. */
    public static final Duration DEFAULT_STREAM_EDIT_INTERVAL = Duration.ofSeconds(1);
    /** Tries per Web API call, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = SlackCalls.DEFAULT_MAX_ATTEMPTS;
    /** A {@code Retry-After} longer than this fails the call instead of waiting. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = SlackCalls.DEFAULT_MAX_RETRY_AFTER;

    private static final int MAX_LOADING_MESSAGES = 10;
    private static final String PLACEHOLDER = "…";
    /** The message metadata that marks Lucy's complete answer to an event: its type, and the payload's field. */
    static final String ANSWER_EVENT_TYPE = "lucy_answer";

    static final String ANSWER_EVENT_FIELD = "event_id";

    private static final Logger LOG = LoggerFactory.getLogger(SlackPort.class);

    private final MethodsClient methods;
    private final SlackWebApi web;
    private final SlackFormatter formatter;
    private final SlackFormatter sanitiseOnly;
    private final SlackCalls calls;
    private final SlackBudgets budgets;
    private final ChannelLanes lanes;
    private final ThreadParticipation participation;
    private final Function<String, List<String>> loadingMessages;
    private final boolean nativeStreaming;
    private final boolean streamInChannels;
    private final Duration streamFlushInterval;
    private final Duration streamEditInterval;
    private final InstantSource clock;
    /** The later parts of a multi-message answer, by the first part's channel and ts. */
    private final Cache<String, List<String>> parts = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofDays(1))
            .build();

    private SlackPort(Builder b) {
        this.methods = b.methods;
        this.web = b.web;
        FormatOptions base = b.formatOptions.toBuilder().proseFilters(List.of()).build();
        this.formatter = SlackFormatter.of(base.toBuilder()
                .addProseFilter(b.tone)
                .addProseFilter(b.sanitiser)
                .build());
        this.sanitiseOnly =
                SlackFormatter.of(base.toBuilder().addProseFilter(b.sanitiser).build());
        this.budgets = new SlackBudgets(b.methodLimits, b.clock, b.observer, b.sharedLimits);
        this.calls = new SlackCalls(
                b.maxAttempts,
                b.maxRetryAfter,
                SlackCalls.DEFAULT_BACKOFF,
                b.sleeper,
                b.clock,
                budgets::limited,
                b.workspaceOf);
        this.lanes = new ChannelLanes(b.postBurst, b.postInterval, b.clock, calls);
        this.participation = b.participation;
        this.loadingMessages = b.loadingMessages;
        this.nativeStreaming = b.nativeStreaming;
        this.streamInChannels = b.streamInChannels;
        this.streamFlushInterval = b.streamFlushInterval;
        this.streamEditInterval = b.streamEditInterval;
        this.clock = b.clock;
    }

    /**
     * A builder for a port that posts, edits and reacts through {@code web} and reads threads through {@code methods}
     * (the same bot token's {@link MethodsClient}).
     */
    public static Builder builder(MethodsClient methods, SlackWebApi web) {
        return new Builder(methods, web);
    }

    /** Whether answers in channel threads should stream too ({@link Builder#streamInChannels}). */
    public boolean streamsInChannels() {
        return streamInChannels;
    }

    /** The threads this port has posted in (shared with the inbound side when given to the builder). */
    public ThreadParticipation participation() {
        return participation;
    }

    @Override
    public String post(String conversationId, String text) {
        return post(conversationId, text, Optional.empty());
    }

    /** Posts with the answer's mark in the message metadata of the last part, the write that completes it. */
    @Override
    public String postAnswer(String conversationId, String eventId, String text) {
        return post(conversationId, text, Optional.of(answerMark(eventId)));
    }

    @Override
    public void updateAnswer(String conversationId, String messageId, String eventId, String text) {
        update(conversationId, messageId, text, Optional.of(answerMark(eventId)), Priority.ANSWER);
    }

    /**
     * Reads the thread ({@code conversations.replies} with its messages' metadata) for a message of Lucy's that
     * carries the answer's mark. Rate limits are waited out; other failures throw.
     */
    @Override
    public boolean answered(String conversationId, String eventId) {
        SlackConversation conversation = SlackConversation.parse(conversationId);
        return new ThreadReplies(methods, calls).anyMatch(conversation, true, message -> {
            Message.Metadata metadata = message.getMetadata();
            return metadata != null
                    && ANSWER_EVENT_TYPE.equals(metadata.getEventType())
                    && metadata.getEventPayload() != null
                    && eventId.equals(metadata.getEventPayload().get(ANSWER_EVENT_FIELD));
        });
    }

    /** The message metadata that marks the answer to {@code eventId}, as Slack's JSON has it. */
    private static ObjectNode answerMark(String eventId) {
        Objects.requireNonNull(eventId, "eventId");
        ObjectNode mark = SlackWebApi.body().put("event_type", ANSWER_EVENT_TYPE);
        mark.putObject("event_payload").put(ANSWER_EVENT_FIELD, eventId);
        return mark;
    }

    private String post(String conversationId, String text, Optional<ObjectNode> mark) {
        SlackConversation conversation = SlackConversation.parse(conversationId);
        List<SlackMessage> messages = format(text);
        String first = lanes.inLane(conversation.channel(), () -> {
            String firstTs = null;
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                SlackMessage message = messages.get(i);
                String ts = postRaw(
                        conversation,
                        message.text(),
                        message.blocksJson(),
                        i == messages.size() - 1 ? mark : Optional.empty());
                if (firstTs == null) {
                    firstTs = ts;
                } else {
                    rest.add(ts);
                }
            }
            if (!rest.isEmpty()) {
                parts.put(partsKey(conversation.channel(), firstTs), List.copyOf(rest));
            }
            return firstTs;
        });
        participation.joined(conversation);
        return first;
    }

    /**
     * Posts {@code text} (Markdown, one message) as a new message in the channel of {@code conversationId} (or in the
     * channel, or the direct message with the person, it names), outside its thread, and returns the id of the conversation (thread) the message starts: where a scheduled run answers.
     */
    public String startConversation(String conversationId, String text) {
        String channel = SlackConversation.channelOf(conversationId);
        SlackMessage message = format(text).getFirst();
        String ts = lanes.inLane(
                channel, () -> postMessage(channel, null, message.text(), message.blocksJson(), Optional.empty()));
        SlackConversation started = new SlackConversation(channel, ts);
        participation.joined(started);
        return started.id();
    }

    /**
     * Edits a message that shows progress: when Slack's limit on edits runs short (see {@link SlackBudgets}) the edit
     * is left out, as the next one or the answer shows more.
     */
    @Override
    public void update(String conversationId, String messageId, String text) {
        update(conversationId, messageId, text, Optional.empty(), Priority.PROGRESS);
    }

    private void update(
            String conversationId, String messageId, String text, Optional<ObjectNode> mark, Priority priority) {
        update(conversationId, messageId, text, mark, priority, false);
    }

    /**
     * Edits the answer {@code messageId}; when {@code prepaid}, the edit of its first message was counted against
     * Slack's limit already (when the message was posted to be edited), so it goes without taking another permit or
     * waiting for one.
     */
    private void update(
            String conversationId,
            String messageId,
            String text,
            Optional<ObjectNode> mark,
            Priority priority,
            boolean prepaid) {
        SlackConversation conversation = SlackConversation.parse(conversationId);
        requireTs(messageId);
        if (!budgets.wouldAdmit(calls.workspaceOf(conversation.channel()), "chat.update", priority)) {
            budgets.leaveOut("chat.update", priority); // before formatting for nothing
            return;
        }
        List<SlackMessage> messages = format(text);
        int last = messages.size() - 1;
        lanes.inLane(conversation.channel(), () -> {
            String key = partsKey(conversation.channel(), messageId);
            List<String> before = Optional.ofNullable(parts.getIfPresent(key)).orElse(List.of());
            boolean sent = prepaid
                    ? editPrepaid(
                            conversation.channel(),
                            messageId,
                            messages.get(0).text(),
                            messages.get(0).blocksJson(),
                            last == 0 ? mark : Optional.empty())
                    : updateRaw(
                            conversation.channel(),
                            messageId,
                            messages.get(0).text(),
                            messages.get(0).blocksJson(),
                            last == 0 ? mark : Optional.empty(),
                            priority);
            if (!sent) {
                return null;
            }
            List<String> after = new ArrayList<>();
            for (int i = 1; i < messages.size(); i++) {
                SlackMessage message = messages.get(i);
                Optional<ObjectNode> partMark = i == last ? mark : Optional.empty();
                if (i - 1 < before.size()) {
                    String ts = before.get(i - 1);
                    updateRaw(
                            conversation.channel(),
                            ts,
                            message.text(),
                            message.blocksJson(),
                            partMark,
                            Priority.ANSWER);
                    after.add(ts);
                } else {
                    after.add(postRaw(conversation, message.text(), message.blocksJson(), partMark));
                }
            }
            for (int i = messages.size() - 1; i < before.size(); i++) {
                deleteRaw(conversation.channel(), before.get(i));
            }
            if (after.isEmpty()) {
                parts.invalidate(key);
            } else {
                parts.put(key, List.copyOf(after));
            }
            return null;
        });
    }

    @Override
    public void delete(String conversationId, String messageId) {
        SlackConversation conversation = SlackConversation.parse(conversationId);
        requireTs(messageId);
        lanes.inLane(conversation.channel(), () -> {
            String key = partsKey(conversation.channel(), messageId);
            List<String> rest = Optional.ofNullable(parts.getIfPresent(key)).orElse(List.of());
            deleteRaw(conversation.channel(), messageId);
            rest.forEach(ts -> deleteRaw(conversation.channel(), ts));
            parts.invalidate(key);
            return null;
        });
    }

    @Override
    public void react(String conversationId, String messageId, String emoji) {
        SlackConversation conversation = SlackConversation.parse(conversationId);
        requireTs(messageId);
        send("reactions.add", Priority.ANSWER, Set.of("already_reacted"), reaction(conversation, messageId, emoji));
    }

    /**
     * The progress message is an edit owed: when Slack's limit on edits runs short it is left out, and the answer
     * comes as a message of its own.
     */
    @Override
    public Optional<String> postProgress(String conversationId, String text) {
        String workspace =
                calls.workspaceOf(SlackConversation.parse(conversationId).channel());
        if (!budgets.admit(workspace, "chat.update", Priority.PROGRESS)) {
            return Optional.empty();
        }
        return Optional.of(post(conversationId, text));
    }

    /** The working emoji: a first sign, left out when Slack's limit on reactions runs short. */
    @Override
    public void showWorking(String conversationId, String messageId, String emoji) {
        SlackConversation conversation = SlackConversation.parse(conversationId);
        requireTs(messageId);
        send("reactions.add", Priority.SIGN, Set.of("already_reacted"), reaction(conversation, messageId, emoji));
    }

    /** Tidying up: left out when Slack's limit on removing reactions runs short. */
    @Override
    public void unreact(String conversationId, String messageId, String emoji) {
        SlackConversation conversation = SlackConversation.parse(conversationId);
        requireTs(messageId);
        send("reactions.remove", Priority.COSMETIC, Set.of("no_reaction"), reaction(conversation, messageId, emoji));
    }

    @Override
    public void setStatus(String conversationId, String status) {
        Objects.requireNonNull(status, "status");
        SlackConversation conversation = SlackConversation.parse(conversationId);
        if (!conversation.isDirectMessage()) {
            return; // channels show work with the working emoji
        }
        String shown = status.strip();
        List<String> loading = shown.isEmpty() ? List.of() : loading(shown);
        ObjectNode body = SlackWebApi.body()
                .put("channel_id", conversation.channel())
                .put("thread_ts", conversation.threadTs())
                .put("status", shown);
        if (!loading.isEmpty()) {
            loading.forEach(body.putArray("loading_messages")::add);
        }
        try {
            send("assistant.threads.setStatus", shown.isEmpty() ? Priority.COSMETIC : Priority.SIGN, Set.of(), body);
        } catch (LucyException e) {
            if (e.retriable()) {
                throw e;
            }
            LOG.debug("status not shown: {}", e.getMessage());
        }
    }

    /** Streams natively in direct messages (and the assistant threads in them); elsewhere posts and edits. */
    @Override
    public Stream startStream(String conversationId, String initialText) {
        return startStream(SlackConversation.parse(conversationId), Optional.empty(), initialText);
    }

    /**
     * Streams natively in direct messages and, addressed to {@code recipient}, in channel threads too (Slack needs
     * {@code recipient_user_id} and {@code recipient_team_id} there); posts and edits when Slack refuses the stream.
     */
    @Override
    public Stream startStream(Caller recipient, String initialText) {
        return startStream(SlackConversation.parse(recipient.conversationId()), Optional.of(recipient), initialText);
    }

    private Stream startStream(SlackConversation conversation, Optional<Caller> recipient, String initialText) {
        Objects.requireNonNull(initialText, "initialText");
        // A native stream is worth starting only while chat.startStream (Tier 2) has permits to spare: otherwise the
        // answer is posted and edited in place rather than waiting for one.
        if (nativeStreaming
                && (conversation.isDirectMessage()
                        || recipient.filter(SlackPort::addressable).isPresent())
                && budgets.admit(calls.workspaceOf(conversation.channel()), "chat.startStream", Priority.SIGN)) {
            try {
                ObjectNode body = SlackWebApi.body()
                        .put("channel", conversation.channel())
                        .put("thread_ts", conversation.threadTs());
                if (!conversation.isDirectMessage()) {
                    body.put("recipient_user_id", recipient.orElseThrow().userId())
                            .put("recipient_team_id", recipient.orElseThrow().workspaceId());
                }
                String ts = lanes.inLane(conversation.channel(), () -> {
                    lanes.pace(conversation.channel(), "chat.startStream");
                    // admitted above; a 429 now means editing instead, not waiting
                    return calls.call(web, "chat.startStream", Set.of(), body, false)
                            .ts();
                });
                participation.joined(conversation);
                NativeStream stream = new NativeStream(conversation, ts);
                if (!initialText.isEmpty()) {
                    stream.append(initialText);
                }
                return stream;
            } catch (LucyException e) {
                LOG.debug("streaming unavailable, posting instead: {}", e.getMessage());
            }
        }
        return notStreamed(conversation, initialText);
    }

    /** Slack streams into a channel only to a person named by user and team. */
    private static boolean addressable(Caller recipient) {
        return !recipient.userId().isBlank() && !recipient.workspaceId().isBlank();
    }

    /**
     * The answer without a native stream: posted and edited in place while {@code chat.update} has room for the edit
     * it owes (taken now, as a progress message's is), else posted once written, so that a busy workspace's answers
     * never wait for edit permits (Tier 3) either. Either way the answer is posted once.
     */
    private Stream notStreamed(SlackConversation conversation, String initialText) {
        if (budgets.admit(calls.workspaceOf(conversation.channel()), "chat.update", Priority.PROGRESS)) {
            return new EditingStream(conversation, Optional.empty(), initialText, true);
        }
        return new PostedStream(conversation, initialText);
    }

    /**
     * Names an assistant thread ({@code assistant.threads.setTitle}), as the person sees it in their history. Cosmetic:
     * left out when Slack's limit runs short, and Slack refusing it is logged, not thrown.
     */
    public void setTitle(String conversationId, String title) {
        Objects.requireNonNull(title, "title");
        SlackConversation conversation = SlackConversation.parse(conversationId);
        cosmetic(
                "assistant.threads.setTitle",
                SlackWebApi.body()
                        .put("channel_id", conversation.channel())
                        .put("thread_ts", conversation.threadTs())
                        .put("title", title));
    }

    /**
     * Offers prompts in a direct message with Lucy ({@code assistant.threads.setSuggestedPrompts}): in the assistant
     * thread {@code threadTs} (the assistant surface), or, without a thread, for the conversation as a whole (the agent
     * surface, where Slack drops a call that names a thread). Logged, not thrown, when Slack refuses.
     */
    public void setSuggestedPrompts(
            String channel, Optional<String> threadTs, String title, List<SlackIngress.Prompt> prompts) {
        Objects.requireNonNull(title, "title");
        ObjectNode body = SlackWebApi.body().put("channel_id", channel);
        threadTs.ifPresent(ts -> body.put("thread_ts", ts));
        if (!title.isBlank()) {
            body.put("title", title);
        }
        var array = body.putArray("prompts");
        prompts.forEach(p -> array.addObject().put("title", p.title()).put("message", p.message()));
        cosmetic("assistant.threads.setSuggestedPrompts", body);
    }

    /** A call the person would miss little without: a first sign at most, never thrown but when retrying may help. */
    private void cosmetic(String method, ObjectNode body) {
        try {
            send(method, Priority.SIGN, Set.of(), body);
        } catch (LucyException e) {
            if (e.retriable()) {
                throw e;
            }
            LOG.info("{} refused: {}", method, e.getMessage());
        }
    }

    // --- the Web API calls, inside a channel lane where order matters ---

    /** Posts one formatted message into the thread; call inside the channel's lane. */
    String postRaw(
            SlackConversation conversation, String text, Optional<String> blocksJson, Optional<ObjectNode> mark) {
        String ts = postMessage(conversation.channel(), conversation.threadTs(), text, blocksJson, mark);
        participation.joined(conversation);
        return ts;
    }

    /** One {@code chat.postMessage}, paced: in the thread {@code threadTs}, or starting one when it is null. */
    private String postMessage(
            String channel, String threadTs, String text, Optional<String> blocksJson, Optional<ObjectNode> mark) {
        lanes.pace(channel, "chat.postMessage");
        ObjectNode body =
                message(text, blocksJson, mark).put("channel", channel).put("unfurl_links", false);
        if (threadTs != null) {
            body.put("thread_ts", threadTs);
        }
        return calls.call(web, "chat.postMessage", Set.of(), body).ts();
    }

    /** Edits one message; returns false when it was left out (only below {@link Priority#ANSWER}). */
    boolean updateRaw(
            String channel,
            String ts,
            String text,
            Optional<String> blocksJson,
            Optional<ObjectNode> mark,
            Priority priority) {
        return send(
                "chat.update",
                priority,
                Set.of(),
                message(text, blocksJson, mark).put("channel", channel).put("ts", ts));
    }

    /** An edit whose permit was taken before: it waits only for Slack's own 429s. */
    private boolean editPrepaid(
            String channel, String ts, String text, Optional<String> blocksJson, Optional<ObjectNode> mark) {
        calls.call(
                web,
                "chat.update",
                Set.of(),
                message(text, blocksJson, mark).put("channel", channel).put("ts", ts));
        return true;
    }

    /**
     * Sends one call of the hot path. An answer waits for Slack's limits and throws when it cannot be delivered;
     * a lesser call is left out (false) when the method's permits are short or Slack answers 429.
     */
    private boolean send(String method, Priority priority, Set<String> accepted, ObjectNode body) {
        return sent(method, priority, accepted, body).isPresent();
    }

    /** As {@link #send}, with Slack's answer: empty when the call was left out. */
    private Optional<SlackWebApi.Reply> sent(String method, Priority priority, Set<String> accepted, ObjectNode body) {
        String workspace = calls.workspaceOf(WorkspaceTokens.subject(body));
        if (priority == Priority.ANSWER) {
            Duration wait = budgets.admitAnswer(workspace, method);
            if (wait.isPositive()) {
                calls.sleep(method, wait);
            }
            return Optional.of(calls.call(web, method, accepted, body, () -> budgets.go(workspace, method)));
        }
        if (!budgets.admit(workspace, method, priority)) {
            LOG.debug("{} left out: Slack's limit is short and this call is {}", method, priority);
            return Optional.empty();
        }
        try {
            return Optional.of(calls.call(web, method, accepted, body, false));
        } catch (LucyException e) {
            if (!e.retriable()) {
                throw e;
            }
            LOG.debug("{} left out: {}", method, e.getMessage());
            return Optional.empty();
        }
    }

    /** Calls left out because Slack's limits were short, by method and priority. */
    public Map<String, Long> leftOut() {
        return budgets.leftOut();
    }

    private void deleteRaw(String channel, String ts) {
        send(
                "chat.delete",
                Priority.ANSWER,
                Set.of("message_not_found"),
                SlackWebApi.body().put("channel", channel).put("ts", ts));
    }

    /** A message's text, its blocks (already JSON) and its metadata, for {@code chat.postMessage} or an update. */
    private static ObjectNode message(String text, Optional<String> blocksJson, Optional<ObjectNode> mark) {
        ObjectNode body = SlackWebApi.body().put("text", text);
        blocksJson.ifPresent(blocks -> body.putRawValue("blocks", new RawValue(blocks)));
        mark.ifPresent(metadata -> body.set("metadata", metadata));
        return body;
    }

    private static ObjectNode reaction(SlackConversation conversation, String messageId, String emoji) {
        return SlackWebApi.body()
                .put("channel", conversation.channel())
                .put("timestamp", messageId)
                .put("name", emojiName(emoji));
    }

    /**
     * Publishes {@code viewJson} as {@code userId}'s App Home tab ({@code views.publish}), within the method's budget:
     * left out (false) when Slack's limit is short, as a sign of work would be; the next opening publishes again.
     */
    public boolean publishHome(String userId, String viewJson) {
        ObjectNode body = SlackWebApi.body().put("user_id", userId);
        try {
            body.set("view", VIEW_JSON.readTree(viewJson));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("viewJson is not JSON", e);
        }
        return send("views.publish", Priority.SIGN, Set.of(), body);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper VIEW_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Posts a message built by Lucy (not model text) in order and paced; used for approvals. */
    String postBuilt(SlackConversation conversation, String text, String blocksJson) {
        return lanes.inLane(
                conversation.channel(), () -> postRaw(conversation, text, Optional.of(blocksJson), Optional.empty()));
    }

    /** Replaces a message built by Lucy; used for approvals. */
    void updateBuilt(SlackConversation conversation, String ts, String text, String blocksJson) {
        lanes.inLane(conversation.channel(), () -> {
            updateRaw(conversation.channel(), ts, text, Optional.of(blocksJson), Optional.empty(), Priority.ANSWER);
            return null;
        });
    }

    private List<SlackMessage> format(String markdown) {
        Objects.requireNonNull(markdown, "text");
        if (markdown.isBlank()) {
            throw new IllegalArgumentException("text must not be blank: Slack refuses an empty message");
        }
        List<SlackMessage> messages = formatter.format(markdown);
        if (messages.stream().allMatch(m -> m.text().isBlank())) {
            // Only filler was written ("Hope this helps!"): say it rather than post nothing.
            messages = sanitiseOnly.format(markdown);
        }
        return messages;
    }

    private List<String> loading(String status) {
        List<String> all = new ArrayList<>();
        all.add(status);
        for (String message : loadingMessages.apply(status)) {
            if (all.size() == MAX_LOADING_MESSAGES) {
                break;
            }
            if (!message.isBlank() && !all.contains(message)) {
                all.add(message);
            }
        }
        return all.size() == 1 ? List.of() : all;
    }

    private static String partsKey(String channel, String ts) {
        return channel + ':' + ts;
    }

    private static void requireTs(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        if (messageId.isBlank()) {
            throw new IllegalArgumentException("messageId must not be blank");
        }
    }

    private static String emojiName(String emoji) {
        Objects.requireNonNull(emoji, "emoji");
        String name = emoji.strip();
        if (name.startsWith(":") && name.endsWith(":") && name.length() > 2) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("emoji must not be blank");
        }
        return name;
    }

    /** {@code chat.startStream / appendStream / stopStream}; switches to editing when a call fails. */
    private final class NativeStream implements Stream {
        private final SlackConversation conversation;
        private final String ts;
        private final StreamingRenderer renderer = new StreamingRenderer(formatter);
        private final AppendBuffer buffer;
        private Stream fallback;

        NativeStream(SlackConversation conversation, String ts) {
            this.conversation = conversation;
            this.ts = ts;
            this.buffer = AppendBuffer.builder()
                    .minChars(DEFAULT_STREAM_FLUSH_CHARS)
                    .maxDelay(streamFlushInterval)
                    .minInterval(streamFlushInterval)
                    .clock(clock)
                    .build();
        }

        @Override
        public void append(String markdown) {
            Objects.requireNonNull(markdown, "markdown");
            if (fallback != null) {
                fallback.append(markdown);
                return;
            }
            renderer.append(markdown);
            try {
                for (String piece : renderer.takeCompletedForAppend()) {
                    buffer.offer(piece).ifPresent(this::send);
                }
                buffer.poll().ifPresent(this::send);
            } catch (LucyException e) {
                switchToEditing(e);
            }
        }

        @Override
        public String finish() {
            return finish(Optional.empty());
        }

        @Override
        public Optional<String> messageId() {
            return fallback != null ? fallback.messageId() : Optional.of(ts);
        }

        @Override
        public String finishAnswer(String eventId) {
            return finish(Optional.of(eventId));
        }

        private String finish(Optional<String> answerTo) {
            if (fallback == null) {
                try {
                    for (String piece : renderer.takeRestForAppend()) {
                        buffer.offer(piece).ifPresent(this::send);
                    }
                    buffer.drain().forEach(this::send);
                    stop(answerTo.map(SlackPort::answerMark));
                } catch (LucyException e) {
                    switchToEditing(e);
                }
            }
            if (fallback != null) {
                return answerTo.isPresent() ? fallback.finishAnswer(answerTo.get()) : fallback.finish();
            }
            return ts;
        }

        private void send(String markdownText) {
            SlackPort.this.send(
                    "chat.appendStream",
                    Priority.ANSWER,
                    Set.of(),
                    SlackWebApi.body()
                            .put("channel", conversation.channel())
                            .put("ts", ts)
                            .put("markdown_text", markdownText));
        }

        private void stop(Optional<ObjectNode> mark) {
            ObjectNode body =
                    SlackWebApi.body().put("channel", conversation.channel()).put("ts", ts);
            mark.ifPresent(metadata -> body.set("metadata", metadata));
            SlackPort.this.send("chat.stopStream", Priority.ANSWER, Set.of(), body);
        }

        private void switchToEditing(LucyException cause) {
            LOG.debug("stream failed, editing instead: {}", cause.getMessage());
            try {
                stop(Optional.empty());
            } catch (LucyException ignored) {
                // The message may already be out of streaming state; editing it below is what counts.
            }
            fallback = new EditingStream(conversation, Optional.of(ts), renderer.received(), false);
        }
    }

    /** A posted message edited in place as text arrives; formatted in full at the end. */
    private final class EditingStream implements Stream {
        private final SlackConversation conversation;
        private final StreamingRenderer renderer = new StreamingRenderer(formatter);
        /** Whether the final edit's permit was taken when the message was posted. */
        private final boolean finishPrepaid;

        private String ts;
        private String shown;
        private Instant lastEdit;

        EditingStream(
                SlackConversation conversation, Optional<String> existing, String initialText, boolean finishPrepaid) {
            this.conversation = conversation;
            this.finishPrepaid = finishPrepaid;
            renderer.append(initialText);
            String preview = previewText();
            if (existing.isPresent()) {
                this.ts = existing.get();
                String replaced = preview;
                try {
                    lanes.inLane(conversation.channel(), () -> {
                        updateRaw(
                                conversation.channel(),
                                ts,
                                replaced,
                                Optional.empty(),
                                Optional.empty(),
                                Priority.ANSWER);
                        return null;
                    });
                } catch (LucyException e) {
                    if (e.retriable()) {
                        throw e;
                    }
                    // Slack will not edit the streamed message: carry on in a new one.
                    this.ts = postPlaceholder(preview);
                }
            } else {
                this.ts = postPlaceholder(preview);
            }
            this.shown = preview;
            this.lastEdit = clock.instant();
        }

        private String postPlaceholder(String preview) {
            return lanes.inLane(
                    conversation.channel(), () -> postRaw(conversation, preview, Optional.empty(), Optional.empty()));
        }

        @Override
        public void append(String markdown) {
            renderer.append(markdown);
            Instant now = clock.instant();
            if (now.isBefore(lastEdit.plus(streamEditInterval))) {
                return;
            }
            String preview = previewText();
            if (!preview.equals(shown)) {
                lanes.inLane(conversation.channel(), () -> {
                    updateRaw(
                            conversation.channel(), ts, preview, Optional.empty(), Optional.empty(), Priority.PROGRESS);
                    return null;
                });
                shown = preview;
                lastEdit = now;
            }
        }

        @Override
        public Optional<String> messageId() {
            return Optional.of(ts);
        }

        @Override
        public String finish() {
            String all = renderer.received();
            if (!all.isBlank()) {
                update(conversation.id(), ts, all, Optional.empty(), Priority.ANSWER, finishPrepaid);
            }
            return ts;
        }

        @Override
        public String finishAnswer(String eventId) {
            String all = renderer.received();
            update(
                    conversation.id(),
                    ts,
                    all.isBlank() ? PLACEHOLDER : all,
                    Optional.of(answerMark(eventId)),
                    Priority.ANSWER,
                    finishPrepaid);
            return ts;
        }

        private String previewText() {
            List<dev.lucy.slack.SlackMessage> preview = renderer.preview();
            String text = preview.isEmpty() ? "" : preview.get(0).text();
            return text.isBlank() ? PLACEHOLDER : text;
        }
    }

    /** An answer gathered as it is written and posted once, when it is finished. */
    private final class PostedStream implements Stream {
        private final SlackConversation conversation;
        private final StringBuilder text;

        PostedStream(SlackConversation conversation, String initialText) {
            this.conversation = conversation;
            this.text = new StringBuilder(initialText);
        }

        @Override
        public void append(String markdown) {
            text.append(Objects.requireNonNull(markdown, "markdown"));
        }

        @Override
        public String finish() {
            return post(conversation.id(), written());
        }

        @Override
        public String finishAnswer(String eventId) {
            return postAnswer(conversation.id(), eventId, written());
        }

        private String written() {
            return text.toString().isBlank() ? PLACEHOLDER : text.toString();
        }
    }

    /** Builds a {@link SlackPort}; setters validate and name the bad field. */
    public static final class Builder {
        private final MethodsClient methods;
        private final SlackWebApi web;
        private FormatOptions formatOptions =
                FormatOptions.builder().maxTextChars(DEFAULT_MAX_MESSAGE_CHARS).build();
        private UnaryOperator<String> tone = TonePipeline.defaults();
        private UnaryOperator<String> sanitiser = Sanitiser.defaults();
        private int postBurst = DEFAULT_POST_BURST;
        private Duration postInterval = DEFAULT_POST_INTERVAL;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private Map<String, Integer> methodLimits = SlackBudgets.SLACK_TIERS;
        private Optional<RateBudget> sharedLimits = Optional.empty();
        private Function<String, String> workspaceOf = subject -> "";
        private SlackCallObserver observer = SlackCallObserver.ignoring();
        private InstantSource clock = InstantSource.system();
        private Sleeper sleeper = Sleeper.system();
        private ThreadParticipation participation = ThreadParticipation.defaults();
        private Function<String, List<String>> loadingMessages = defaultLoadingMessages();
        private boolean nativeStreaming = true;
        private boolean streamInChannels = true;
        private Duration streamFlushInterval = DEFAULT_STREAM_FLUSH_INTERVAL;
        private Duration streamEditInterval = DEFAULT_STREAM_EDIT_INTERVAL;

        private Builder(MethodsClient methods, SlackWebApi web) {
            this.methods = Objects.requireNonNull(methods, "methods");
            this.web = Objects.requireNonNull(web, "web");
        }

        /**
         * How answers are formatted (target, limits, presentation). Default: mrkdwn text, at most
         * {@value #DEFAULT_MAX_MESSAGE_CHARS} characters per message. Prose filters given here are replaced by
         * {@link #tone} and {@link #sanitiser}.
         */
        public Builder formatOptions(FormatOptions formatOptions) {
            this.formatOptions = Objects.requireNonNull(formatOptions, "formatOptions");
            return this;
        }

        /** The filler filter, run first on the prose; default {@link TonePipeline#defaults()}. */
        public Builder tone(UnaryOperator<String> tone) {
            this.tone = Objects.requireNonNull(tone, "tone");
            return this;
        }

        /** The secrets-and-internals filter, run second; default {@link Sanitiser#defaults()}. */
        public Builder sanitiser(UnaryOperator<String> sanitiser) {
            this.sanitiser = Objects.requireNonNull(sanitiser, "sanitiser");
            return this;
        }

        /** Messages one channel may get at once before pacing; default {@value #DEFAULT_POST_BURST}. */
        public Builder postBurst(int postBurst) {
            this.postBurst = atLeast(postBurst, 1, "postBurst");
            return this;
        }

        /** Time between paced posts in one channel; default 1 second. */
        public Builder postInterval(Duration postInterval) {
            this.postInterval = positive(postInterval, "postInterval");
            return this;
        }

        /** Tries per Web API call, the first included; default {@value #DEFAULT_MAX_ATTEMPTS}. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = atLeast(maxAttempts, 1, "maxAttempts");
            return this;
        }

        /** Longest {@code Retry-After} worth waiting for; longer fails the call. Default 60 seconds. */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = positive(maxRetryAfter, "maxRetryAfter");
            return this;
        }

        /** Where time comes from for pacing and stream batching; default the system clock. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How waits happen; default {@link Sleeper#system()}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Where posts are recorded; share it with the inbound side. Default a new {@link ThreadParticipation}. */
        public Builder participation(ThreadParticipation participation) {
            this.participation = Objects.requireNonNull(participation, "participation");
            return this;
        }

        /**
         * Loading messages shown after the status in assistant threads (at most 10 in all). Default: varied
         * general messages from {@link ProgressNarrator}.
         */
        public Builder loadingMessages(Function<String, List<String>> loadingMessages) {
            this.loadingMessages = Objects.requireNonNull(loadingMessages, "loadingMessages");
            return this;
        }

        /** Whether DMs stream with {@code chat.startStream}; default true. False always posts and edits. */
        public Builder nativeStreaming(boolean nativeStreaming) {
            this.nativeStreaming = nativeStreaming;
            return this;
        }

        /**
         * Whether answers to a person in channel threads stream too: natively to the person who asked, else edited
         * in place. Default true; false posts a channel answer once written (a progress message edited in place
         * meanwhile). Read by the app when it decides where to stream ({@link #streamsInChannels()}).
         */
        public Builder streamInChannels(boolean streamInChannels) {
            this.streamInChannels = streamInChannels;
            return this;
        }

        /** {@code chat.appendStream} at most this often per stream; default 500 ms. */
        public Builder streamFlushInterval(Duration streamFlushInterval) {
            this.streamFlushInterval = positive(streamFlushInterval, "streamFlushInterval");
            return this;
        }

        /** In the post-and-edit fallback, edits at most this often; default 1 second. */
        public Builder streamEditInterval(Duration streamEditInterval) {
            this.streamEditInterval = positive(streamEditInterval, "streamEditInterval");
            return this;
        }

        /**
         * Calls a minute Lucy keeps to per Web API method in this workspace, so that answers go first when they run
         * short (see {@link SlackBudgets}). Default: Slack's tiers for the methods of every message; empty: no
         * budgets, only Slack's 429s.
         */
        public Builder methodLimits(Map<String, Integer> limits) {
            Objects.requireNonNull(limits, "methodLimits");
            limits.forEach((method, perMinute) -> atLeast(perMinute, 1, "methodLimits[" + method + "]"));
            this.methodLimits = Map.copyOf(limits);
            return this;
        }

        /**
         * Where the {@link #methodLimits} buckets live when several replicas call Slack for one app: every replica's
         * calls then count against one bucket per method, as Slack counts them. Default: this process's memory.
         */
        public Builder sharedMethodLimits(RateBudget shared) {
            this.sharedLimits = Optional.of(shared);
            return this;
        }

        /**
         * Which workspace a channel, person or file is in ({@link SlackWorkspaces#workspaceOf}), so that Slack's limits
         * and its 429s count per workspace, as Slack counts them: one busy workspace never holds another back.
         * Default: every call in one workspace.
         */
        public Builder workspaces(Function<String, Optional<String>> workspaceOf) {
            Objects.requireNonNull(workspaceOf, "workspaceOf");
            this.workspaceOf = subject -> workspaceOf.apply(subject).orElse("");
            return this;
        }

        /** Told of every call left out under Slack's limits (for metrics). Default: nobody. */
        public Builder observer(SlackCallObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        public SlackPort build() {
            return new SlackPort(this);
        }

        private static Function<String, List<String>> defaultLoadingMessages() {
            ProgressNarrator narrator = ProgressNarrator.create(new Random());
            return status -> narrator.loadingMessages(List.of());
        }
    }
}
