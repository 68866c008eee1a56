package dev.lucy.slack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides, by rules and in microseconds, how Lucy acknowledges an inbound message before any model call:
 * an emoji and nothing else, an emoji and then a reply, or a plain reply; and which emoji to show while
 * working, by the message's intent.
 *
 * <ul>
 *   <li>Thanks ("thanks!", "thank you so much", "ty", "cheers", optionally led by "ok"/"great"):
 *       {@value SlackEmoji#SALUTING_FACE}, react only.
 *   <li>Pure agreement ("got it", "makes sense", "perfect", "sounds good", "nice"):
 *       {@value SlackEmoji#WHITE_CHECK_MARK}, react only.
 *   <li>Approval ("lgtm", "ship it", "go ahead", "yes"): {@value SlackEmoji#THUMBSUP}, react only,
 *       unless the thread awaits this user's answer (a pending approval or a question Lucy asked): then the
 *       message is a real reply. Agreement is treated the same way while an answer is awaited, since
 *       "sounds good" answers "shall I go ahead?".
 *   <li>Notes ("fyi ...", "heads up ..."): {@value SlackEmoji#MEMO}, still considered for memory.
 *   <li>A message of more than {@link Builder#maxAckWords(int) about eight words}, or one asking a
 *       question, is never react-only.
 *   <li>Working emoji: research or investigation {@value SlackEmoji#MAG}; create, build or write
 *       {@value SlackEmoji#HAMMER_AND_WRENCH}; deploy, ship or release {@value SlackEmoji#ROCKET};
 *       otherwise {@value SlackEmoji#HOURGLASS_FLOWING_SAND}. The earliest intent word in the message wins.
 * </ul>
 *
 * <p>Case, punctuation, emoji, Slack formatting and mentions (leading or not) do not change the outcome.
 * Instances are immutable and thread-safe; build one and share it. The tables are built once; each call is
 * a single pass over the text plus hash look-ups, with no regular expressions.
 */
public final class ReactionClassifier {

    /** Messages longer than this many words are never react-only. */
    public static final int DEFAULT_MAX_ACK_WORDS = 8;

    /** Names people use to address Lucy ("thanks lucy"): ignored when deciding. */
    public static final Set<String> DEFAULT_ADDRESSEES = Set.of("lucy");

    static final List<String> DEFAULT_THANKS = List.of(
            "thanks",
            "thank you",
            "thankyou",
            "thx",
            "thnx",
            "thanx",
            "tnx",
            "tks",
            "ty",
            "tysm",
            "tyvm",
            "cheers",
            "many thanks",
            "thanks a lot",
            "thanks a ton",
            "thanks a bunch",
            "thanks a million",
            "thank you so much",
            "thank you very much",
            "thanks so much",
            "thanks very much",
            "thanks for that",
            "thanks for this",
            "thanks for the help",
            "thanks for your help",
            "thank you for the help",
            "thank you for your help",
            "thanks for the quick reply",
            "thanks for the update",
            "thanks for checking",
            "thanks for looking",
            "appreciate it",
            "appreciate that",
            "appreciate the help",
            "appreciate your help",
            "much appreciated",
            "appreciated",
            "great job",
            "good job",
            "nice job",
            "nice work",
            "great work",
            "good work",
            "well done",
            "nice one",
            "legend",
            "you rock",
            "you're the best",
            "life saver",
            "lifesaver",
            "merci",
            "gracias",
            "danke",
            "ta");

    static final List<String> DEFAULT_AGREEMENT = List.of(
            "got it",
            "gotcha",
            "makes sense",
            "that makes sense",
            "perfect",
            "sounds good",
            "sounds great",
            "sounds fine",
            "sgtm",
            "nice",
            "ok",
            "okay",
            "k",
            "kk",
            "okie",
            "cool",
            "great",
            "awesome",
            "noted",
            "understood",
            "will do",
            "roger",
            "roger that",
            "alright",
            "all right",
            "fair enough",
            "good to know",
            "that works",
            "works for me",
            "excellent",
            "amazing",
            "neat",
            "sweet",
            "love it",
            "good call",
            "brilliant",
            "fantastic",
            "wonderful",
            "good",
            "very good",
            "all good",
            "no worries",
            "no problem",
            "np",
            "ack",
            "right",
            "true",
            "indeed",
            "that's great",
            "that's perfect",
            "that's fine",
            "fine",
            "agreed",
            "i agree",
            "exactly",
            "makes total sense",
            "clear",
            "all clear",
            "crystal clear");

    static final List<String> DEFAULT_APPROVAL = List.of(
            "lgtm",
            "looks good to me",
            "looks good",
            "looks great",
            "ship it",
            "go ahead",
            "go for it",
            "yes",
            "yes please",
            "yep",
            "yup",
            "yeah",
            "yea",
            "ya",
            "sure",
            "do it",
            "approved",
            "approve",
            "proceed",
            "please proceed",
            "send it",
            "merge it",
            "let's do it",
            "let's go",
            "green light",
            "go",
            "confirmed",
            "confirm",
            "absolutely",
            "definitely",
            "of course");

    static final List<String> DEFAULT_FILLERS = List.of(
            "so",
            "much",
            "very",
            "really",
            "again",
            "a",
            "lot",
            "ton",
            "all",
            "team",
            "everyone",
            "guys",
            "folks",
            "yall",
            "mate",
            "man",
            "buddy",
            "dude",
            "just",
            "and",
            "both",
            "then",
            "please",
            "pls",
            "plz",
            "oh",
            "ah",
            "hey",
            "well",
            "haha",
            "lol",
            "wow",
            "yay",
            "now",
            "for",
            "that",
            "this",
            "it",
            "too",
            "as",
            "always",
            "mate",
            "boss",
            "friend",
            "sir");

    static final List<String> NEGATIVES = List.of(
            "no",
            "nope",
            "nah",
            "not",
            "dont",
            "don't",
            "do not",
            "stop",
            "wait",
            "hold",
            "hold on",
            "hold off",
            "cancel",
            "thanks for nothing",
            "no thanks",
            "no thank you",
            "but",
            "however");

    static final List<String> FYI_LEADS =
            List.of("fyi", "heads up", "for your information", "psa", "just fyi", "just so you know", "note to self");

    private static final List<String> FYI_PREFIX_WORDS = List.of("just", "a", "quick", "small", "little", "friendly");

    private static final List<String> RESEARCH = List.of(
            "research",
            "researching",
            "investigate",
            "investigating",
            "investigation",
            "look into",
            "looking into",
            "dig into",
            "digging into",
            "find out",
            "figure out",
            "analyze",
            "analyse",
            "analyzing",
            "analysing",
            "analysis",
            "compare",
            "comparing",
            "comparison",
            "search",
            "searching",
            "look up",
            "explore",
            "audit",
            "review",
            "debug",
            "diagnose",
            "troubleshoot",
            "why",
            "summarize",
            "summarise",
            "deep dive",
            "study",
            "evaluate",
            "assess",
            "check why",
            "root cause");

    private static final List<String> CREATE = List.of(
            "create",
            "creating",
            "build",
            "building",
            "write",
            "writing",
            "rewrite",
            "draft",
            "drafting",
            "make",
            "making",
            "generate",
            "generating",
            "implement",
            "implementing",
            "design",
            "designing",
            "compose",
            "prepare",
            "set up",
            "setup",
            "scaffold",
            "refactor",
            "fix",
            "fixing",
            "code",
            "add",
            "produce",
            "put together",
            "spin up",
            "edit",
            "update");

    private static final List<String> DEPLOY = List.of(
            "deploy",
            "deploying",
            "deployed",
            "deployment",
            "redeploy",
            "ship",
            "shipping",
            "release",
            "releasing",
            "roll out",
            "rollout",
            "rolling out",
            "launch",
            "launching",
            "publish",
            "publishing",
            "push to prod",
            "push to production",
            "go live",
            "promote to prod",
            "promote to production");

    private enum Ack {
        THANKS,
        AGREE,
        APPROVE,
        FILLER,
        /** Declines and sarcasm: never an acknowledgement, whatever else the message holds. */
        NEGATIVE
    }

    private final int maxAckWords;
    private final Set<String> addressees;
    private final List<String> extraThanks;
    private final List<String> extraAgreement;
    private final List<String> extraApproval;
    private final TriagePhrases<Ack> acks;
    private final TriagePhrases<Boolean> fyi;
    private final TriagePhrases<String> intents;

    private ReactionClassifier(Builder b) {
        this.maxAckWords = b.maxAckWords;
        this.addressees = Set.copyOf(b.addressees);
        this.extraThanks = List.copyOf(b.thanks);
        this.extraAgreement = List.copyOf(b.agreement);
        this.extraApproval = List.copyOf(b.approval);
        TriagePhrases.Builder<Ack> ackTable = TriagePhrases.builder();
        ackTable.addAll(DEFAULT_FILLERS, Ack.FILLER).addAll(addressees, Ack.FILLER);
        // A phrase listed again takes its later meaning, so the strongest meanings come last.
        ackTable.addAll(DEFAULT_AGREEMENT, Ack.AGREE).addAll(extraAgreement, Ack.AGREE);
        ackTable.addAll(DEFAULT_APPROVAL, Ack.APPROVE).addAll(extraApproval, Ack.APPROVE);
        ackTable.addAll(DEFAULT_THANKS, Ack.THANKS).addAll(extraThanks, Ack.THANKS);
        ackTable.addAll(NEGATIVES, Ack.NEGATIVE);
        this.acks = ackTable.build();
        this.fyi = TriagePhrases.<Boolean>builder().addAll(FYI_LEADS, true).build();
        this.intents = TriagePhrases.<String>builder()
                .addAll(RESEARCH, SlackEmoji.MAG)
                .addAll(CREATE, SlackEmoji.HAMMER_AND_WRENCH)
                .addAll(DEPLOY, SlackEmoji.ROCKET)
                .build();
    }

    /** The classifier with the default vocabulary, {@value #DEFAULT_MAX_ACK_WORDS} words, addressee "lucy". */
    public static ReactionClassifier defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().maxAckWords(maxAckWords);
        b.addressees.clear();
        b.addressees.addAll(addressees);
        b.thanks.addAll(extraThanks);
        b.agreement.addAll(extraAgreement);
        b.approval.addAll(extraApproval);
        return b;
    }

    /**
     * Decides how to acknowledge {@code text}.
     *
     * @param text the message as Slack delivered it (mrkdwn, mentions and emoji codes included)
     * @param awaitingReply whether the thread waits for an answer from this message's author: a pending
     *     approval or a question Lucy asked. Approval and agreement then become a real reply.
     * @return the decision; never null
     */
    public Reaction classify(String text, boolean awaitingReply) {
        Objects.requireNonNull(text, "text");
        TriageWords message = TriageWords.of(text);
        List<String> words = message.words();
        String working = workingEmoji(words);
        if (words.isEmpty()) {
            Set<Ack> found = emojiOnlyAcks(message.emoji());
            return found == null ? new Reaction.NoReaction(working) : decide(found, awaitingReply, working);
        }
        boolean mayReactOnly = words.size() <= maxAckWords && !message.question();
        if (startsWithFyi(words)) {
            return mayReactOnly
                    ? new Reaction.ReactOnly(SlackEmoji.MEMO, true)
                    : new Reaction.ReactAndReply(SlackEmoji.MEMO, working);
        }
        if (mayReactOnly) {
            Set<Ack> found = coveringAcks(words);
            if (found != null) {
                return decide(found, awaitingReply, working);
            }
        }
        if (startsWithThanks(words)) {
            return new Reaction.ReactAndReply(SlackEmoji.SALUTING_FACE, working);
        }
        if (!working.equals(SlackEmoji.HOURGLASS_FLOWING_SAND)) {
            return new Reaction.ReactAndReply(working, working);
        }
        return new Reaction.NoReaction(working);
    }

    /**
     * The emoji to show while working on {@code text}: by the earliest intent word, research
     * {@value SlackEmoji#MAG}, create {@value SlackEmoji#HAMMER_AND_WRENCH}, deploy {@value SlackEmoji#ROCKET},
     * otherwise {@value SlackEmoji#HOURGLASS_FLOWING_SAND}.
     */
    public String workingEmoji(String text) {
        Objects.requireNonNull(text, "text");
        return workingEmoji(TriageWords.of(text).words());
    }

    private String workingEmoji(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            TriagePhrases.Match<String> match = intents.longestAt(words, i);
            if (match != null) {
                return match.value();
            }
        }
        return SlackEmoji.HOURGLASS_FLOWING_SAND;
    }

    private static Reaction decide(Set<Ack> found, boolean awaitingReply, String working) {
        if (awaitingReply && found.contains(Ack.APPROVE)) {
            return new Reaction.ReactAndReply(SlackEmoji.THUMBSUP, working);
        }
        if (awaitingReply && found.contains(Ack.AGREE) && !found.contains(Ack.THANKS)) {
            return new Reaction.ReactAndReply(SlackEmoji.WHITE_CHECK_MARK, working);
        }
        if (found.contains(Ack.THANKS)) {
            return new Reaction.ReactOnly(SlackEmoji.SALUTING_FACE, false);
        }
        if (found.contains(Ack.APPROVE)) {
            return new Reaction.ReactOnly(SlackEmoji.THUMBSUP, false);
        }
        return new Reaction.ReactOnly(SlackEmoji.WHITE_CHECK_MARK, false);
    }

    /** The acknowledgements that cover every word, or null when some word is not an acknowledgement. */
    private Set<Ack> coveringAcks(List<String> words) {
        Set<Ack> found = new LinkedHashSet<>();
        int i = 0;
        while (i < words.size()) {
            TriagePhrases.Match<Ack> match = acks.longestAt(words, i);
            if (match == null || match.value() == Ack.NEGATIVE) {
                return null;
            }
            if (match.value() != Ack.FILLER) {
                found.add(match.value());
            }
            i += match.length();
        }
        return found.isEmpty() ? null : found;
    }

    private boolean startsWithFyi(List<String> words) {
        int i = 0;
        while (i < words.size() && i < 3 && FYI_PREFIX_WORDS.contains(words.get(i))) {
            i++;
        }
        return i < words.size() && fyi.longestAt(words, i) != null;
    }

    private boolean startsWithThanks(List<String> words) {
        for (int i = 0; i < words.size(); ) {
            TriagePhrases.Match<Ack> match = acks.longestAt(words, i);
            if (match == null || match.value() == Ack.NEGATIVE) {
                return false;
            }
            if (match.value() == Ack.THANKS) {
                return true;
            }
            i += match.length();
        }
        return false;
    }

    /** What a message made only of emoji says, or null when any of them is not an acknowledgement. */
    private static Set<Ack> emojiOnlyAcks(List<String> emoji) {
        Set<Ack> found = new LinkedHashSet<>();
        for (String name : emoji) {
            Ack ack = switch (name) {
                case "pray", "saluting_face", "raised_hands", "heart", "heart_eyes", "bow" -> Ack.THANKS;
                case "+1", "thumbsup", "shipit" -> Ack.APPROVE;
                case "white_check_mark", "heavy_check_mark", "ok_hand", "ok", "100" -> Ack.AGREE;
                default -> null;
            };
            if (ack == null) {
                return null;
            }
            found.add(ack);
        }
        return found.isEmpty() ? null : found;
    }

    /** Builds a {@link ReactionClassifier}; every setting has a default. */
    public static final class Builder {
        private int maxAckWords = DEFAULT_MAX_ACK_WORDS;
        private final Set<String> addressees = new LinkedHashSet<>(DEFAULT_ADDRESSEES);
        private final List<String> thanks = new ArrayList<>();
        private final List<String> agreement = new ArrayList<>();
        private final List<String> approval = new ArrayList<>();

        private Builder() {}

        /** Longest message, in words, that may be react-only; default {@value #DEFAULT_MAX_ACK_WORDS}. */
        public Builder maxAckWords(int maxAckWords) {
            if (maxAckWords < 1 || maxAckWords > 50) {
                throw new IllegalArgumentException("maxAckWords: between 1 and 50, got " + maxAckWords);
            }
            this.maxAckWords = maxAckWords;
            return this;
        }

        /** A name people use to address the bot ("thanks lucy"); added to the default "lucy". */
        public Builder addressee(String name) {
            addressees.add(word(name, "addressee").toLowerCase(Locale.ROOT));
            return this;
        }

        /** An extra phrase meaning thanks, e.g. "merci beaucoup". */
        public Builder thanksPhrase(String phrase) {
            thanks.add(word(phrase, "thanksPhrase"));
            return this;
        }

        /** An extra phrase meaning agreement, e.g. "sounds like a plan". */
        public Builder agreementPhrase(String phrase) {
            agreement.add(word(phrase, "agreementPhrase"));
            return this;
        }

        /** An extra phrase meaning approval, e.g. "send it". */
        public Builder approvalPhrase(String phrase) {
            approval.add(word(phrase, "approvalPhrase"));
            return this;
        }

        public ReactionClassifier build() {
            return new ReactionClassifier(this);
        }

        private static String word(String phrase, String field) {
            Objects.requireNonNull(phrase, field);
            if (TriageWords.phrase(phrase).isEmpty()) {
                throw new IllegalArgumentException(field + ": needs at least one word, got '" + phrase + "'");
            }
            return phrase;
        }
    }
}
