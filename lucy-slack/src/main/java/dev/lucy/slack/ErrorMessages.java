package dev.lucy.slack;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Short, specific, actionable messages for each {@link Failure}, in Slack mrkdwn ready to post (links as
 * {@code <url|text>}, {@code & < >} escaped in names). Each failure has its own wording and its own emoji;
 * several templates per failure keep repeated errors from reading like a machine. No message holds an
 * internal name, an exception or a stack trace: service and step names that look internal are replaced with
 * general words.
 *
 * <p>Thread-safe: the injected random source is used under a lock. A seeded source gives the same messages.
 */
public final class ErrorMessages {

    private static final Pattern PLAIN_NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} .&'+-]{0,39}");
    private static final Pattern CAMEL_IDENTIFIER = Pattern.compile("\\p{Ll}\\p{Lu}.*\\p{Ll}\\p{Lu}");

    private static final List<String> TIMEOUT = List.of(
            "I ran out of time before I could finish this one. Try again, or ask for a smaller piece of it.",
            "This took longer than I'm allowed to work on one answer, so I stopped. A narrower question usually works.");
    private static final List<String> RATE_LIMITED = List.of(
            "I'm getting more requests than I can handle right now. Please try again %s.",
            "I've hit my request limit for the moment. Try again %s and I'll pick it up.");
    private static final List<String> UNREACHABLE = List.of(
            "I can't reach %s right now, so I couldn't finish. It's usually brief; try again in a few minutes.",
            "%s isn't answering at the moment, so I stopped. Give it a few minutes and ask me again.");
    private static final List<String> NOT_CONNECTED_LINK = List.of(
            "I need access to %1$s for this, and it isn't connected yet. <%2$s|Connect %1$s>, then ask me again.",
            "%1$s isn't connected to me yet. <%2$s|Connect it here> and I'll take it from there.");
    private static final List<String> NOT_CONNECTED = List.of(
            "I need access to %s for this, and it isn't connected yet. Ask a workspace admin to connect it, then ask me again.",
            "%s isn't connected to me yet. Once a workspace admin connects it, ask me again.");
    private static final List<String> TOO_LARGE = List.of(
            "This conversation has grown too long for me to take in at once. Start a new thread, or point me at the part you need.",
            "There's more here than I can read in one go. Try a new thread with just the essentials, or narrow the question.");
    private static final List<String> TOOL_FAILED = List.of(
            "I couldn't finish because %s didn't work just now. Try again in a few minutes.",
            "Something went wrong with %s, so I stopped there. Trying again in a bit usually helps.");
    private static final List<String> QUEUED = List.of(
            "I'm busy with other requests. You're number %d in line; I'll get to this as soon as I can.",
            "Lots going on right now: you're number %d in line, and I'll answer as soon as it's your turn.");
    private static final List<String> BUSY = List.of(
            "I'm at capacity and couldn't take this on. Please try again %s.",
            "I'm too busy to take this on right now. Ask me again %s.");
    private static final List<String> UNKNOWN = List.of(
            "Something went wrong on my side and I couldn't finish this. Please try again; if it keeps happening, let your workspace admin know.",
            "I hit an unexpected problem and stopped. Try again in a moment; if it happens again, tell your workspace admin.");

    /** Every template that tells a person their request failed, as a pattern matching any filled-in copy. */
    private static final List<Pattern> FAILURE_MESSAGES = java.util.stream.Stream.of(
                    TIMEOUT,
                    RATE_LIMITED,
                    UNREACHABLE,
                    NOT_CONNECTED_LINK,
                    NOT_CONNECTED,
                    TOO_LARGE,
                    TOOL_FAILED,
                    UNKNOWN)
            .flatMap(List::stream)
            .map(ErrorMessages::templatePattern)
            .toList();

    private final LockedRandom random;

    private ErrorMessages(RandomGenerator random) {
        this.random = new LockedRandom(random);
    }

    public static ErrorMessages create(RandomGenerator random) {
        return new ErrorMessages(random);
    }

    /**
     * Whether {@code text} is one of these messages telling a person their request failed (any failure, any
     * wording): for tools that check what people were told, such as load tests.
     */
    public static boolean saysFailure(String text) {
        String trimmed = text.strip();
        return FAILURE_MESSAGES.stream().anyMatch(p -> p.matcher(trimmed).matches());
    }

    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String literal : template.split("%(\\d\\$)?[sd]", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*?");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** The message for {@code failure}, in mrkdwn. */
    public String message(Failure failure) {
        Objects.requireNonNull(failure, "failure");
        return switch (failure) {
            case Failure.ModelTimeout t -> pick(TIMEOUT);
            case Failure.RateLimited r -> pick(RATE_LIMITED).formatted(when(r.retryAfter()));
            case Failure.ServiceUnreachable u ->
                sentence(pick(UNREACHABLE).formatted(plain(u.service()).orElse("one of the services I need")));
            case Failure.ConnectionMissing c -> connectionMissing(c);
            case Failure.ContextTooLarge t -> pick(TOO_LARGE);
            case Failure.ToolFailed t ->
                pick(TOOL_FAILED).formatted(plain(t.step()).orElse("one of the steps"));
            case Failure.Busy b ->
                b.queuePosition().isPresent()
                        ? pick(QUEUED).formatted(b.queuePosition().getAsInt())
                        : pick(BUSY).formatted(when(b.retryAfter()));
            case Failure.Unknown u -> pick(UNKNOWN);
        };
    }

    /** The Slack emoji name to react with for {@code failure}. */
    public static String emoji(Failure failure) {
        Objects.requireNonNull(failure, "failure");
        return switch (failure) {
            case Failure.ModelTimeout t -> SlackEmoji.STOPWATCH;
            case Failure.RateLimited r -> SlackEmoji.HOURGLASS;
            case Failure.ServiceUnreachable u -> SlackEmoji.ELECTRIC_PLUG;
            case Failure.ConnectionMissing c -> SlackEmoji.LINK;
            case Failure.ContextTooLarge t -> SlackEmoji.SCROLL;
            case Failure.ToolFailed t -> SlackEmoji.WRENCH;
            case Failure.Busy b -> SlackEmoji.TRAFFIC_LIGHT;
            case Failure.Unknown u -> SlackEmoji.WARNING;
        };
    }

    /** "in about 30 seconds", "in about 2 minutes"; "in a minute or two" when unknown. */
    static String when(Optional<Duration> after) {
        if (after.isEmpty() || after.get().isNegative()) {
            return "in a minute or two";
        }
        long seconds = after.get().toSeconds() + (after.get().toNanosPart() > 0 ? 1 : 0);
        if (seconds <= 5) {
            return "in a few seconds";
        }
        if (seconds < 60) {
            return "in about " + ((seconds + 4) / 5 * 5) + " seconds";
        }
        if (seconds < 90) {
            return "in about a minute";
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return "in about " + minutes + " minutes";
        }
        long hours = (minutes + 59) / 60;
        return hours == 1 ? "in about an hour" : "in about " + hours + " hours";
    }

    private String connectionMissing(Failure.ConnectionMissing c) {
        String name = plain(Optional.of(c.service())).orElse("this service");
        Optional<String> link = c.connectUrl().flatMap(ErrorMessages::safeLink);
        return link.isPresent()
                ? sentence(pick(NOT_CONNECTED_LINK).formatted(name, link.get()))
                : sentence(pick(NOT_CONNECTED).formatted(name));
    }

    /** A name users would recognise, escaped for mrkdwn, or empty when it looks internal. */
    static Optional<String> plain(Optional<String> name) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String n = name.get().strip();
        String lower = n.toLowerCase(Locale.ROOT);
        boolean internal = !PLAIN_NAME.matcher(n).matches()
                || lower.contains("exception")
                || lower.contains("error")
                || lower.contains("null")
                || n.chars().filter(ch -> ch == '.').count() >= 2
                || n.length() > 6 && n.equals(n.toUpperCase(Locale.ROOT)) && n.indexOf(' ') < 0
                || CAMEL_IDENTIFIER.matcher(n).find() && n.indexOf(' ') < 0;
        return internal ? Optional.empty() : Optional.of(n.replace("&", "&amp;"));
    }

    /** An absolute http(s) URL made safe inside {@code <url|text>}, or empty. */
    static Optional<String> safeLink(URI url) {
        String scheme = url.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
                || url.getHost() == null) {
            return Optional.empty();
        }
        return Optional.of(
                url.toASCIIString().replace("|", "%7C").replace(">", "%3E").replace("<", "%3C"));
    }

    private static String sentence(String text) {
        return TonePipeline.capitalise(text);
    }

    private String pick(List<String> templates) {
        return random.pick(templates);
    }
}
