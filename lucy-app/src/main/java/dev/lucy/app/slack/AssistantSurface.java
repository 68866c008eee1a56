package dev.lucy.app.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lucy.core.Secrets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lucy's side of Slack's assistant surfaces, whichever delivered them: the legacy assistant view
 * ({@code assistant_thread_started}, {@code assistant_thread_context_changed}, a thread per chat) and the agent view of
 * new apps ({@code app_home_opened} on the messages tab, {@code app_context_changed}, each top-level direct message a
 * new thread). When a person opens Lucy it offers the suggested prompts and notes what they are looking at; the
 * first question of a new thread names the thread ({@code assistant.threads.setTitle}), short, without mentions or
 * secrets.
 *
 * <p>The Slack calls go through {@link Calls} (the {@link SlackPort}, within Slack's limits, in the bot); a refused
 * call is logged there and never reaches the person. Thread safe; what it remembers is bounded and kept for a day.
 */
final class AssistantSurface {
    /** Longest thread title, in characters; a longer question is cut at a word and ends with an ellipsis. */
    static final int MAX_TITLE_CHARS = 60;

    private static final Pattern USER = Pattern.compile("<@[UW][A-Z0-9]+(?:\\|([^>]*))?>");
    private static final Pattern CHANNEL = Pattern.compile("<#[CGD][A-Z0-9]+(?:\\|([^>]*))?>");
    private static final Pattern BROADCAST =
            Pattern.compile("<!(?:here|channel|everyone)(?:\\|[^>]*)?>|<!subteam\\^[^>]*>");
    private static final Pattern LINK = Pattern.compile("<((?:https?|mailto):[^>|]*)(?:\\|([^>]*))?>");
    private static final Pattern EMPHASIS = Pattern.compile("[*`]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** The Slack calls the surface makes. */
    interface Calls {
        /** Offers {@code prompts} in the direct message {@code channel}: in {@code threadTs}, or for the whole view. */
        void suggestPrompts(String channel, Optional<String> threadTs, String title, List<SlackIngress.Prompt> prompts);

        /** Names the thread {@code conversationId}. */
        void setTitle(String conversationId, String title);

        /** Calls through {@code port}, within Slack's limits. */
        static Calls through(SlackPort port) {
            return new Calls() {
                @Override
                public void suggestPrompts(
                        String channel, Optional<String> threadTs, String title, List<SlackIngress.Prompt> prompts) {
                    port.setSuggestedPrompts(channel, threadTs, title, prompts);
                }

                @Override
                public void setTitle(String conversationId, String title) {
                    port.setTitle(conversationId, title);
                }
            };
        }
    }

    /**
     * A person opened Lucy.
     *
     * @param userId who opened it
     * @param channel their direct message with Lucy
     * @param threadTs the assistant thread Slack opened (assistant view); empty in the agent view, where the next
     *     top-level message starts a thread
     * @param viewing the channel they were looking at, when Slack said
     */
    record Opened(String userId, String channel, Optional<String> threadTs, Optional<String> viewing) {
        Opened {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(threadTs, "threadTs");
            Objects.requireNonNull(viewing, "viewing");
        }
    }

    private final List<SlackIngress.Prompt> prompts;
    private final String promptsTitle;
    private final Secrets secrets = Secrets.defaults();
    /** What each person looks at, by conversation (assistant view) or by direct message channel (agent view). */
    private final Cache<String, String> viewing = cache(100_000);
    /** Each person's direct message with Lucy, from the agent view's events, by user id. */
    private final Cache<String, String> directMessages = cache(100_000);
    /** Assistant threads opened and not yet named (assistant view), by conversation id. */
    private final Cache<String, Boolean> unnamed = cache(100_000);
    /** Direct messages shown in the agent view, where each top-level message starts a thread to name. */
    private final Cache<String, Boolean> agentViews = cache(100_000);

    AssistantSurface(List<SlackIngress.Prompt> prompts, String promptsTitle) {
        this.prompts = List.copyOf(prompts);
        this.promptsTitle = Objects.requireNonNull(promptsTitle, "promptsTitle");
    }

    private static <V> Cache<String, V> cache(int size) {
        return Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfterAccess(Duration.ofDays(1))
                .build();
    }

    /** A person opened Lucy: the prompts are offered, and what they look at is noted. */
    void opened(Opened opened, Calls calls) {
        if (!opened.userId().isBlank()) {
            directMessages.put(opened.userId(), opened.channel());
        }
        String key = opened.threadTs()
                .map(ts -> new SlackConversation(opened.channel(), ts).id())
                .orElse(opened.channel());
        opened.threadTs().ifPresentOrElse(ts -> unnamed.put(key, true), () -> agentViews.put(key, true));
        look(key, opened.viewing());
        if (!prompts.isEmpty()) {
            calls.suggestPrompts(opened.channel(), opened.threadTs(), promptsTitle, prompts);
        }
    }

    /** The assistant view's thread moved with the person to another channel (or to none). */
    void contextChanged(SlackConversation thread, Optional<String> viewingChannel) {
        look(thread.id(), viewingChannel);
    }

    /** The agent view's person moved to another channel (or to none); unknown people are ignored. */
    void contextChanged(String userId, Optional<String> viewingChannel) {
        Optional.ofNullable(directMessages.getIfPresent(userId)).ifPresent(channel -> look(channel, viewingChannel));
    }

    private void look(String key, Optional<String> channel) {
        channel.ifPresentOrElse(c -> viewing.put(key, c), () -> viewing.invalidate(key));
    }

    /** The channel the person had open when they last opened or moved Lucy's assistant, if Slack said. */
    Optional<String> viewing(String conversationId) {
        return Optional.ofNullable(viewing.getIfPresent(conversationId))
                .or(() -> Optional.ofNullable(viewing.getIfPresent(SlackConversation.channelOf(conversationId))));
    }

    /**
     * A person wrote {@code text} in a direct message with Lucy: the first question of a thread the assistant surface
     * opened names it. Returns the title given, if any.
     */
    Optional<String> messaged(SlackConversation conversation, String ts, String text, Calls calls) {
        boolean topLevel = conversation.threadTs().equals(ts);
        boolean first = unnamed.asMap().remove(conversation.id()) != null
                || (topLevel && agentViews.getIfPresent(conversation.channel()) != null);
        if (!first) {
            return Optional.empty();
        }
        Optional<String> title = title(text);
        title.ifPresent(t -> calls.setTitle(conversation.id(), t));
        return title;
    }

    /**
     * A thread title from a person's question: Slack's markup read as the words it shows (a channel's name, a link's
     * text) with mentions left out, credentials hidden, spaces tidied, cut at a word to {@value #MAX_TITLE_CHARS}
     * characters. Empty when nothing is left.
     */
    Optional<String> title(String text) {
        String plain = USER.matcher(text).replaceAll(" ");
        plain = CHANNEL.matcher(plain).replaceAll(m -> m.group(1) == null ? " " : "#" + m.group(1));
        plain = BROADCAST.matcher(plain).replaceAll(" ");
        plain = LINK.matcher(plain).replaceAll(m -> m.group(2) == null ? m.group(1) : m.group(2));
        plain = secrets.redact(plain, c -> "[" + c.kind().label() + "]");
        plain = EMPHASIS.matcher(plain).replaceAll("");
        plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        plain = SPACES.matcher(plain).replaceAll(" ").strip();
        if (plain.isEmpty()) {
            return Optional.empty();
        }
        if (plain.length() <= MAX_TITLE_CHARS) {
            return Optional.of(plain);
        }
        String cut = plain.substring(0, MAX_TITLE_CHARS - 1);
        int space = cut.lastIndexOf(' ');
        if (space > MAX_TITLE_CHARS / 2) {
            cut = cut.substring(0, space);
        }
        return Optional.of(cut.strip() + "…");
    }
}
