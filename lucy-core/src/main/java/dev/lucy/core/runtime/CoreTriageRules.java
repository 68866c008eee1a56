package dev.lucy.core.runtime;

import dev.lucy.core.model.ModelTier;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/**
 * Core's triage rules: greetings, presence checks and help get a template reply; status and cancel requests are
 * recognised; everything else becomes an agent run whose priority, tier and background flag follow urgency,
 * length and intent. The tier rules are data: {@link TierRules}, from {@code tier-rules.txt}. Short messages only: more than {@value #MAX_SHORT_WORDS} words is never a fast path.
 */
final class CoreTriageRules implements Triage {
    static final int MAX_SHORT_WORDS = 6;
    static final String DEFAULT_WORKING_EMOJI = "hourglass_flowing_sand";

    private static final Pattern MENTION = Pattern.compile("<[@!#][^>]*>|:[a-z0-9_+'-]+:");
    private static final Pattern EDGE_NOISE = Pattern.compile("^[\\p{Punct}\\s\\p{So}]+|[\\p{Punct}\\s\\p{So}]+$");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private static final Pattern GREETING = Pattern.compile(
            "(hi|hello|hey|heya|hiya|howdy|yo|hola|greetings|good (morning|afternoon|evening)|morning|gm)"
                    + "( there)?( (lucy|team|all|everyone|friend))?");
    private static final Pattern PRESENCE =
            Pattern.compile("(are )?(you|u) (there|around|awake|alive|online)|ping|anyone (home|there)");
    private static final Pattern HELP = Pattern.compile(
            "help|help me|what can you do|what do you do|how do you work|how can you help( me)?|what are you"
                    + "|who are you|commands|usage");
    private static final Pattern STATUS = Pattern.compile("(what are|what're) you (working on|doing|up to)"
            + "|status|(what'?s|what is) the status|any (updates?|progress)|are you (done|finished)( yet)?"
            + "|how('?s| is) it going( with that)?|what'?s running");
    private static final Pattern CANCEL =
            Pattern.compile("(please )?(cancel|stop|abort|halt|kill)( (that|this|it|the task|the job|please|now))*"
                    + "|never ?mind|forget (it|that)");

    private static final Pattern URGENT =
            Pattern.compile("\\b(urgent|urgently|asap|p0|sev ?[01]|outage|emergency|prod(uction)? (is )?down)\\b");
    private static final Pattern BACKGROUND = Pattern.compile(
            "\\b(in the background|deep (dive|research)|take your time|full report|comprehensive (report|review)"
                    + "|thorough(ly)? (research|review|analysis))\\b");
    /** Read once: immutable data shared by every instance. */
    private static final TierRules TIERS = TierRules.defaults();

    private static final List<String> GREETINGS = List.of(
            "Hi! What can I do for you?",
            "Hello! What are you working on?",
            "Hey! How can I help?",
            "Hi there. What do you need?");
    private static final List<String> PRESENCE_REPLIES =
            List.of("I'm here. What do you need?", "Here and ready. What's up?", "Yes, I'm around. How can I help?");
    private static final List<String> EMPTY_MENTION_REPLIES =
            List.of("You called? Tell me what you need.", "I'm listening. What can I do for you?");
    private static final String HELP_TEXT = "I can answer questions, look things up with the tools your team has"
            + " connected, remember what you tell me (\"remember that ...\"), and run longer jobs in the"
            + " background. Ask \"what are you working on?\" for status, or \"cancel\" to stop a job in this thread.";

    private final IntUnaryOperator pick;

    CoreTriageRules(IntUnaryOperator pick) {
        this.pick = pick;
    }

    static CoreTriageRules defaults() {
        return new CoreTriageRules(bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    @Override
    public TriageDecision classify(InboundEvent event, ConversationView view) {
        String text = normalize(event.text());
        if (text.isEmpty()) {
            return new TriageDecision.FastReply(choose(EMPTY_MENTION_REPLIES));
        }
        if (wordCount(text) <= MAX_SHORT_WORDS) {
            Optional<TriageDecision> quick = quick(text, view);
            if (quick.isPresent()) {
                return quick.get();
            }
        }
        return agentRun(text, view);
    }

    private Optional<TriageDecision> quick(String text, ConversationView view) {
        if (CANCEL.matcher(text).matches()) {
            return Optional.of(new TriageDecision.Cancel());
        }
        if (STATUS.matcher(text).matches()) {
            return Optional.of(new TriageDecision.StatusQuery());
        }
        if (view.awaitingReply()) {
            // A short answer to Lucy's own question is a real reply, never a template.
            return Optional.empty();
        }
        if (GREETING.matcher(text).matches()) {
            return Optional.of(new TriageDecision.FastReply(choose(GREETINGS)));
        }
        if (PRESENCE.matcher(text).matches()) {
            return Optional.of(new TriageDecision.FastReply(choose(PRESENCE_REPLIES)));
        }
        if (HELP.matcher(text).matches()) {
            return Optional.of(new TriageDecision.FastReply(HELP_TEXT));
        }
        return Optional.empty();
    }

    private static TriageDecision agentRun(String text, ConversationView view) {
        boolean background = BACKGROUND.matcher(text).find();
        boolean urgent = URGENT.matcher(text).find();
        // code, research and destructive requests go to the strongest tier, several steps to a strong one
        ModelTier tier = TIERS.decide(text, view.depth()).tier();
        Priority priority;
        if (urgent) {
            priority = Priority.INTERACTIVE_FAST;
        } else if (background) {
            priority = Priority.BACKGROUND;
        } else if (tier == ModelTier.FAST) {
            priority = Priority.INTERACTIVE_FAST;
        } else {
            priority = Priority.INTERACTIVE;
        }
        return new TriageDecision.AgentRun(priority, tier, DEFAULT_WORKING_EMOJI, background && !urgent);
    }

    private String choose(List<String> options) {
        return options.get(Math.floorMod(pick.applyAsInt(options.size()), options.size()));
    }

    /** Lower case, mentions removed, punctuation and emoji trimmed from both ends, spaces collapsed. */
    static String normalize(String raw) {
        String text = MENTION.matcher(raw).replaceAll(" ");
        text = text.replace('\u2019', '\'').toLowerCase(Locale.ROOT);
        text = SPACES.matcher(text).replaceAll(" ");
        text = EDGE_NOISE.matcher(text).replaceAll("");
        return text.strip();
    }

    private static int wordCount(String text) {
        int words = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                words++;
            }
        }
        return words;
    }
}
