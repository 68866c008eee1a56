package dev.lucy.slack;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Words for work in progress: the text of a progress message edited in place, the status line and the
 * rotating loading messages of {@code assistant.threads.setStatus}, and what Lucy says while it waits for the
 * model ({@link #waiting}).
 *
 * <p>Wording depends on how long the run has gone on: turns 1 to 3 read "on it", 4 to 6 "making progress",
 * 7 and later "still on it, this is a deep one". What has been done is named in plain words through
 * {@link ProgressPhrases}, never by tool name. Templates vary; the choice comes from the injected random
 * source, so a seeded source gives the same text every time.
 *
 * <p>Thread-safe: the random source is used under a lock, so even a {@link java.util.SplittableRandom} may
 * be shared.
 */
public final class ProgressNarrator {

    /** Slack shows at most this many loading messages. */
    public static final int MAX_LOADING_MESSAGES = 10;

    /** How many things done are named before "and more". */
    static final int MAX_NAMED = 3;

    private static final List<String> EARLY =
            List.of("On it. So far I've %s.", "On it: I've %s so far.", "Working on it. I've %s.");
    private static final List<String> EARLY_BARE = List.of("On it.", "On it, give me a moment.", "Working on it.");
    private static final List<String> MIDDLE = List.of(
            "Making progress: I've %s.",
            "Making progress. So far I've %s.", "Getting there, making progress. I've %s.");
    private static final List<String> MIDDLE_BARE =
            List.of("Making progress.", "Making progress, still working through it.", "Making progress, bear with me.");
    private static final List<String> LATE = List.of(
            "Still on it, this is a deep one. So far I've %s.",
            "Still on it, this is a deep one. I've %s; now pulling it together.",
            "This is a deep one, still on it. I've %s so far.");
    private static final List<String> LATE_BARE = List.of(
            "Still on it, this is a deep one.",
            "Still on it, this is a deep one. Thanks for waiting.",
            "This is a deep one, still on it.");

    private static final List<String> STATUS_EARLY = List.of("is working on it…", "is on it…", "is thinking…");
    private static final List<String> STATUS_MIDDLE = List.of("is making progress…", "is getting there…");
    private static final List<String> STATUS_LATE = List.of("is still on it, this is a deep one…", "is digging deep…");

    private static final List<String> GENERIC_LOADING = List.of(
            "Reading the thread…",
            "Thinking it through…",
            "Checking the details…",
            "Pulling the pieces together…",
            "Looking at the context…",
            "Weighing the options…",
            "Double-checking…",
            "Putting the answer together…",
            "Connecting the dots…",
            "Sorting out what matters…",
            "Almost there…",
            "Tidying up the answer…");

    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH);

    /** Why Lucy waits for the model, for {@link #waiting}. */
    public enum ModelWait {
        /** The model's provider asked Lucy to wait ({@code Retry-After}). */
        ASKED,
        /** The model failed for a moment; Lucy pauses before it tries again. */
        RETRYING,
        /** Lucy queues its request to keep within the model's rate limits. */
        QUEUED
    }

    private final ProgressPhrases phrases;
    private final LockedRandom random;

    private ProgressNarrator(ProgressPhrases phrases, RandomGenerator random) {
        this.phrases = Objects.requireNonNull(phrases, "phrases");
        this.random = new LockedRandom(random);
    }

    /** A narrator with {@link ProgressPhrases#defaults()}. */
    public static ProgressNarrator create(RandomGenerator random) {
        return new ProgressNarrator(ProgressPhrases.defaults(), random);
    }

    public static ProgressNarrator create(ProgressPhrases phrases, RandomGenerator random) {
        return new ProgressNarrator(phrases, random);
    }

    /**
     * The progress message for {@code turn}, naming what has been done.
     *
     * @param turn the agent loop's turn, from 1
     * @param done tool names or intents used so far, oldest first; may be empty, never shown as given
     */
    public String progress(int turn, List<String> done) {
        requireTurn(turn);
        Objects.requireNonNull(done, "done");
        String named = named(done);
        List<String> templates;
        if (turn <= 3) {
            templates = named.isEmpty() ? EARLY_BARE : EARLY;
        } else if (turn <= 6) {
            templates = named.isEmpty() ? MIDDLE_BARE : MIDDLE;
        } else {
            templates = named.isEmpty() ? LATE_BARE : LATE;
        }
        String template = pick(templates);
        return named.isEmpty() ? template : template.formatted(named);
    }

    /** The status text for {@code assistant.threads.setStatus}, read after the app's name ("is on it…"). */
    public String status(int turn) {
        requireTurn(turn);
        return pick(turn <= 3 ? STATUS_EARLY : turn <= 6 ? STATUS_MIDDLE : STATUS_LATE);
    }

    /**
     * Up to {@value #MAX_LOADING_MESSAGES} loading messages: what is being done now, in plain words, then
     * varied general ones.
     *
     * @param doing tool names or intents in use or planned; may be empty
     */
    public List<String> loadingMessages(List<String> doing) {
        Objects.requireNonNull(doing, "doing");
        Set<String> messages = new LinkedHashSet<>();
        for (String item : doing) {
            ProgressPhrases.Activity activity = phrases.activityFor(item);
            messages.add(activity.doing() + "…");
            if (messages.size() == MAX_LOADING_MESSAGES / 2) {
                break;
            }
        }
        List<String> generic = new ArrayList<>(GENERIC_LOADING);
        random.shuffle(generic);
        for (String message : generic) {
            if (messages.size() == MAX_LOADING_MESSAGES) {
                break;
            }
            messages.add(message);
        }
        return List.copyOf(messages);
    }

    /**
     * The progress message while Lucy waits for the model: why, how long, and the clock time it goes on, so the
     * message still reads right while it stays on screen. Never names the model or the provider's error.
     *
     * @param wait how long the wait is
     * @param until when it ends, in the zone the reader should see (named after the time: "14:02:05 UTC")
     */
    public String waiting(ModelWait why, Duration wait, ZonedDateTime until) {
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(wait, "wait");
        Objects.requireNonNull(until, "until");
        String length = length(wait);
        String at = until.format(CLOCK_TIME) + " " + zoneName(until);
        return switch (why) {
            case ASKED -> "The AI model asked me to wait " + length + "; I'll try again at " + at + ".";
            case RETRYING -> "The AI model didn't answer just now; I'll try again in " + length + ", at " + at + ".";
            case QUEUED -> "The AI model is busy with other requests; yours goes out in " + length + ", at " + at + ".";
        };
    }

    /** The status text while Lucy waits for the model, read after the app's name. */
    public String waitingStatus() {
        return "is waiting for the AI model…";
    }

    /** "30 s" up to a minute and a half, then whole minutes ("2 min"), rounded up. */
    static String length(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return seconds < 90 ? seconds + " s" : (seconds + 59) / 60 + " min";
    }

    private static String zoneName(ZonedDateTime time) {
        if (time.getOffset().equals(ZoneOffset.UTC)
                && (time.getZone() instanceof ZoneOffset
                        || time.getZone().getId().equals("UTC"))) {
            return "UTC";
        }
        return time.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    /** "searched the web, checked the calendar and read the files", or empty when nothing was done. */
    String named(List<String> done) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String item : done) {
            distinct.add(phrases.activityFor(item).done());
        }
        List<String> parts = new ArrayList<>(distinct);
        boolean more = parts.size() > MAX_NAMED;
        if (more) {
            parts = new ArrayList<>(parts.subList(0, MAX_NAMED));
            parts.add("a few other things");
        }
        if (parts.isEmpty()) {
            return "";
        }
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
    }

    private String pick(List<String> templates) {
        return random.pick(templates);
    }

    private static void requireTurn(int turn) {
        if (turn < 1) {
            throw new IllegalArgumentException("turn: counts from 1, got " + turn);
        }
    }
}
