package dev.lucy.app.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.conversations.ConversationsInfoResponse;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.methods.response.conversations.ConversationsMembersResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import dev.lucy.core.LucyException;
import dev.lucy.core.Sleeper;
import dev.lucy.tools.ScheduleTools;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Channels for schedules: which channel "post it in #launch" means ({@code conversations.list} for a name,
 * {@code conversations.info} for an id), whether the person is in it ({@code conversations.members}) and whether Lucy
 * can post there; and, before each run, whether that still holds ({@link #lostAccess}). Thread safe; blocking; every
 * call is a few Web API calls, made only when a schedule is created or runs. What {@link #lostAccess} found is kept
 * for {@link #ACCESS_TTL} per channel and person, so schedules due together ask Slack once (its conversation methods
 * allow a few dozen calls a minute).
 */
public final class SlackChannels implements ScheduleTools.Channels {
    private static final Pattern MENTION = Pattern.compile("<#([A-Z0-9]+)(?:\\|([^>]*))?>");
    private static final Pattern ID = Pattern.compile("[CG][A-Z0-9]{6,}");
    private static final int PAGE = 200;
    /** Lists and member lists are read at most this many pages deep (40,000 entries). */
    private static final int MAX_PAGES = 200;

    /**
     * How long whether a person's schedules can still post in a channel is kept: Slack allows {@code
     * conversations.info} 50 calls a minute, so the schedules of a morning, due together in many channels, would
     * otherwise wait on Slack's limits before posting. A channel archived or left meanwhile is found at the latest
     * this much later (a post there fails at once, and counts as a failed run).
     */
    static final Duration ACCESS_TTL = Duration.ofMinutes(10);

    private final MethodsClient methods;
    private final SlackCalls calls;
    private final Cache<String, Optional<String>> access = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(ACCESS_TTL)
            .build();

    public SlackChannels(MethodsClient methods) {
        this(methods, subject -> "");
    }

    /**
     * For Lucy in several workspaces: {@code workspaceOf} names a channel's workspace ({@link
     * SlackWorkspaces#workspaceOf}, empty when not known), so that Slack's 429 in one workspace holds its lookups only.
     */
    public SlackChannels(MethodsClient methods, java.util.function.Function<String, String> workspaceOf) {
        this(
                methods,
                new SlackCalls(2, Duration.ofSeconds(5), SlackCalls.DEFAULT_BACKOFF, Sleeper.system())
                        .inWorkspaces(workspaceOf));
    }

    SlackChannels(MethodsClient methods, SlackCalls calls) {
        this.methods = Objects.requireNonNull(methods, "methods");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public ScheduleTools.Target resolve(String workspaceId, String userId, String channel) {
        String ref = channel.strip();
        Matcher mention = MENTION.matcher(ref);
        if (mention.matches()) {
            ref = mention.group(1);
        }
        ref = ref.startsWith("#") ? ref.substring(1) : ref;
        String shown = "#" + ref;
        try {
            Optional<Conversation> found = ID.matcher(ref).matches() ? info(ref) : byName(ref);
            if (found.isEmpty()) {
                return new ScheduleTools.Target.Refused("I can't find a channel " + shown
                        + " that I can see; check the name, and if it is private, invite me to it first");
            }
            Conversation c = found.get();
            shown = c.getName() == null ? shown : "#" + c.getName();
            if (c.isArchived()) {
                return new ScheduleTools.Target.Refused(shown + " is archived, so nothing can be posted there");
            }
            if (!c.isMember()) {
                return new ScheduleTools.Target.Refused("I'm not in " + shown
                        + ", so I can't post there; invite me with /invite @Lucy in that channel" + " and ask again");
            }
            if (!isMember(c.getId(), userId)) {
                return new ScheduleTools.Target.Refused(
                        "you're not a member of " + shown + ", so I can't post there for you; join it first");
            }
            return new ScheduleTools.Target.Found(c.getId(), shown);
        } catch (LucyException e) {
            return new ScheduleTools.Target.Refused(
                    "I couldn't check " + shown + " with Slack just now; try again in a minute");
        }
    }

    /** The id of a channel Lucy can see, by id, name (with or without {@code #}) or mention; empty when none. */
    public Optional<String> idOf(String channel) {
        String ref = channel.strip();
        Matcher mention = MENTION.matcher(ref);
        if (mention.matches()) {
            ref = mention.group(1);
        }
        ref = ref.startsWith("#") ? ref.substring(1) : ref;
        try {
            return (ID.matcher(ref).matches() ? info(ref) : byName(ref)).map(Conversation::getId);
        } catch (LucyException e) {
            return Optional.empty();
        }
    }

    /**
     * Why a schedule's channel is out of reach for its creator, in words for a direct message to them: the channel is
     * gone or hidden from Lucy ({@code channel_not_found}), archived, Lucy was removed from it, or the creator is no
     * longer a member. Empty when it is in reach, for direct messages, and when Slack could not be asked.
     */
    public Optional<String> lostAccess(String userId, String conversationId) {
        String channel = SlackConversation.channelOf(conversationId);
        if (!channel.startsWith("C") && !channel.startsWith("G")) {
            return Optional.empty(); // a direct message: nobody leaves it
        }
        return access.get(channel + "|" + userId, key -> checkAccess(userId, channel));
    }

    private Optional<String> checkAccess(String userId, String channel) {
        try {
            Optional<Conversation> found = info(channel);
            if (found.isEmpty()) {
                return Optional.of("I can no longer see its channel (it was deleted, or I was removed from it)");
            }
            Conversation c = found.get();
            String shown = c.getName() == null ? "its channel" : "#" + c.getName();
            if (c.isArchived()) {
                return Optional.of(shown + " was archived");
            }
            if (!c.isMember()) {
                return Optional.of("I was removed from " + shown + ", so I can't post there");
            }
            if (!isMember(c.getId(), userId)) {
                return Optional.of("you're no longer a member of " + shown);
            }
            return Optional.empty();
        } catch (LucyException e) {
            return Optional.empty();
        }
    }

    /** The person who created channel {@code id} ({@code conversations.info}'s {@code creator}); empty if unknown. */
    public Optional<String> creatorOf(String id) {
        try {
            return info(id).map(Conversation::getCreator).filter(creator -> !creator.isBlank());
        } catch (LucyException e) {
            return Optional.empty();
        }
    }

    private Optional<Conversation> info(String id) {
        ConversationsInfoResponse response = calls.run(
                id,
                "conversations.info",
                Set.of("channel_not_found"),
                () -> methods.conversationsInfo(r -> r.channel(id)));
        return response.isOk() ? Optional.ofNullable(response.getChannel()) : Optional.empty();
    }

    private Optional<Conversation> byName(String name) {
        String cursor = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            String at = cursor;
            ConversationsListResponse response = calls.run(
                    "conversations.list",
                    Set.of(),
                    () -> methods.conversationsList(
                            r -> r.types(List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL))
                                    .excludeArchived(false)
                                    .limit(PAGE)
                                    .cursor(at.isEmpty() ? null : at)));
            for (Conversation c : response.getChannels() == null ? List.<Conversation>of() : response.getChannels()) {
                if (name.equals(c.getName()) || name.equals(c.getNameNormalized())) {
                    return Optional.of(c);
                }
            }
            cursor = response.getResponseMetadata() == null
                    ? ""
                    : Objects.requireNonNullElse(response.getResponseMetadata().getNextCursor(), "");
            if (cursor.isEmpty()) {
                break;
            }
        }
        return Optional.empty();
    }

    private boolean isMember(String channel, String userId) {
        String cursor = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            String at = cursor;
            ConversationsMembersResponse response = calls.run(
                    channel,
                    "conversations.members",
                    Set.of(),
                    () -> methods.conversationsMembers(
                            r -> r.channel(channel).limit(PAGE).cursor(at.isEmpty() ? null : at)));
            if (response.getMembers() != null && response.getMembers().contains(userId)) {
                return true;
            }
            cursor = response.getResponseMetadata() == null
                    ? ""
                    : Objects.requireNonNullElse(response.getResponseMetadata().getNextCursor(), "");
            if (cursor.isEmpty()) {
                return false;
            }
        }
        return false;
    }
}
