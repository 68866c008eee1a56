package dev.lucy.slack;

import static dev.lucy.slack.SlackEmoji.HAMMER_AND_WRENCH;
import static dev.lucy.slack.SlackEmoji.HOURGLASS_FLOWING_SAND;
import static dev.lucy.slack.SlackEmoji.MAG;
import static dev.lucy.slack.SlackEmoji.MEMO;
import static dev.lucy.slack.SlackEmoji.ROCKET;
import static dev.lucy.slack.SlackEmoji.SALUTING_FACE;
import static dev.lucy.slack.SlackEmoji.THUMBSUP;
import static dev.lucy.slack.SlackEmoji.WHITE_CHECK_MARK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReactionClassifierTest {

    private static final ReactionClassifier CLASSIFIER = ReactionClassifier.defaults();

    private static Reaction reactOnly(String emoji) {
        return new Reaction.ReactOnly(emoji, false);
    }

    private static Reaction reactAndReply(String emoji, String working) {
        return new Reaction.ReactAndReply(emoji, working);
    }

    private static Reaction reply(String working) {
        return new Reaction.NoReaction(working);
    }

    private static Arguments idle(String text, Reaction expected) {
        return Arguments.of(text, false, expected);
    }

    private static Arguments awaiting(String text, Reaction expected) {
        return Arguments.of(text, true, expected);
    }

    /** The seventeen cases of the original reaction suite (round 2, test R3), rebuilt from its categories. */
    static Stream<Arguments> seedCases() {
        return Stream.of(
                idle("thanks!", reactOnly(SALUTING_FACE)),
                idle("thank you so much", reactOnly(SALUTING_FACE)),
                idle("ty", reactOnly(SALUTING_FACE)),
                idle("cheers", reactOnly(SALUTING_FACE)),
                idle("ok thanks", reactOnly(SALUTING_FACE)),
                idle("great, thanks!", reactOnly(SALUTING_FACE)),
                idle("got it", reactOnly(WHITE_CHECK_MARK)),
                idle("makes sense", reactOnly(WHITE_CHECK_MARK)),
                idle("perfect", reactOnly(WHITE_CHECK_MARK)),
                idle("sounds good", reactOnly(WHITE_CHECK_MARK)),
                idle("nice", reactOnly(WHITE_CHECK_MARK)),
                idle("lgtm", reactOnly(THUMBSUP)),
                idle("ship it", reactOnly(THUMBSUP)),
                awaiting("go ahead", reactAndReply(THUMBSUP, HOURGLASS_FLOWING_SAND)),
                idle("research our top three competitors and their pricing", reactAndReply(MAG, MAG)),
                idle(
                        "write a launch announcement for the new billing page",
                        reactAndReply(HAMMER_AND_WRENCH, HAMMER_AND_WRENCH)),
                idle("deploy the api to staging", reactAndReply(ROCKET, ROCKET)));
    }

    static Stream<Arguments> realisticCases() {
        return Stream.of(
                // thanks, with case, punctuation, emoji and mentions around it
                idle("Thanks!!", reactOnly(SALUTING_FACE)),
                idle("THANK YOU", reactOnly(SALUTING_FACE)),
                idle("<@U024BE7LH> thanks!", reactOnly(SALUTING_FACE)),
                idle("<@U024BE7LH|lucy> thank you so much :pray:", reactOnly(SALUTING_FACE)),
                idle("@lucy ty", reactOnly(SALUTING_FACE)),
                idle("thanks lucy 🙏", reactOnly(SALUTING_FACE)),
                idle("Thanks, Lucy.", reactOnly(SALUTING_FACE)),
                idle("thx", reactOnly(SALUTING_FACE)),
                idle("tysm!!!", reactOnly(SALUTING_FACE)),
                idle("Cheers mate", reactOnly(SALUTING_FACE)),
                idle("ok, thank you!", reactOnly(SALUTING_FACE)),
                idle("Great — thanks a lot", reactOnly(SALUTING_FACE)),
                idle("awesome thanks again", reactOnly(SALUTING_FACE)),
                idle("thanks for the help!", reactOnly(SALUTING_FACE)),
                idle("much appreciated", reactOnly(SALUTING_FACE)),
                idle("nice work, thanks", reactOnly(SALUTING_FACE)),
                idle("got it, thanks", reactOnly(SALUTING_FACE)),
                idle("thanks <@U0G9QF9C6>", reactOnly(SALUTING_FACE)),
                idle("thank you 🙏🏽", reactOnly(SALUTING_FACE)),
                idle("Thanks ’lucy’!", reactOnly(SALUTING_FACE)),
                // agreement
                idle("Got it.", reactOnly(WHITE_CHECK_MARK)),
                idle("That makes sense!", reactOnly(WHITE_CHECK_MARK)),
                idle("PERFECT", reactOnly(WHITE_CHECK_MARK)),
                idle("sounds good :+1:", reactOnly(WHITE_CHECK_MARK)),
                idle("nice!", reactOnly(WHITE_CHECK_MARK)),
                idle("ok", reactOnly(WHITE_CHECK_MARK)),
                idle("cool cool", reactOnly(WHITE_CHECK_MARK)),
                idle("noted", reactOnly(WHITE_CHECK_MARK)),
                idle("gotcha 👌", reactOnly(WHITE_CHECK_MARK)),
                idle("that's great", reactOnly(WHITE_CHECK_MARK)),
                idle("fair enough", reactOnly(WHITE_CHECK_MARK)),
                idle("👌", reactOnly(WHITE_CHECK_MARK)),
                idle(":white_check_mark:", reactOnly(WHITE_CHECK_MARK)),
                // approval
                idle("LGTM!", reactOnly(THUMBSUP)),
                idle("Ship it 🚀", reactOnly(THUMBSUP)),
                idle("go ahead", reactOnly(THUMBSUP)),
                idle("yes", reactOnly(THUMBSUP)),
                idle("yep, go for it", reactOnly(THUMBSUP)),
                idle("looks good to me", reactOnly(THUMBSUP)),
                idle("<@U024BE7LH> yes please", reactOnly(THUMBSUP)),
                idle("👍", reactOnly(THUMBSUP)),
                idle(":+1::skin-tone-3:", reactOnly(THUMBSUP)),
                // awaiting an answer: approval and agreement are real replies
                awaiting("yes", reactAndReply(THUMBSUP, HOURGLASS_FLOWING_SAND)),
                awaiting("LGTM", reactAndReply(THUMBSUP, HOURGLASS_FLOWING_SAND)),
                awaiting("ship it!", reactAndReply(THUMBSUP, ROCKET)),
                awaiting("ok go ahead", reactAndReply(THUMBSUP, HOURGLASS_FLOWING_SAND)),
                awaiting("sounds good", reactAndReply(WHITE_CHECK_MARK, HOURGLASS_FLOWING_SAND)),
                awaiting("👍", reactAndReply(THUMBSUP, HOURGLASS_FLOWING_SAND)),
                awaiting("thanks!", reactOnly(SALUTING_FACE)),
                awaiting("no, hold off", reply(HOURGLASS_FLOWING_SAND)),
                awaiting("cancel", reply(HOURGLASS_FLOWING_SAND)),
                // notes
                idle("fyi the standup moved to 10am", new Reaction.ReactOnly(MEMO, true)),
                idle("FYI: prod is frozen tomorrow", new Reaction.ReactOnly(MEMO, true)),
                idle("heads up, Dana is out friday", new Reaction.ReactOnly(MEMO, true)),
                idle("just a heads up: VPN cert expires soon", new Reaction.ReactOnly(MEMO, true)),
                idle(
                        "fyi we switched our billing provider to Stripe last week and the old invoices live in the archive",
                        reactAndReply(MEMO, HOURGLASS_FLOWING_SAND)),
                idle("fyi can you check the deploy logs?", reactAndReply(MEMO, ROCKET)),
                // long or asking: never react-only
                idle(
                        "thanks so much for all your help with the board deck yesterday, really appreciated",
                        reactAndReply(SALUTING_FACE, HOURGLASS_FLOWING_SAND)),
                idle(
                        "thanks! can you also research how our churn compares to last quarter",
                        reactAndReply(SALUTING_FACE, MAG)),
                idle("sounds good?", reply(HOURGLASS_FLOWING_SAND)),
                idle("yes?", reply(HOURGLASS_FLOWING_SAND)),
                idle("ok but what about the EU customers", reply(HOURGLASS_FLOWING_SAND)),
                idle("no thanks", reply(HOURGLASS_FLOWING_SAND)),
                idle("nope, not yet", reply(HOURGLASS_FLOWING_SAND)),
                idle("ok but wait", reply(HOURGLASS_FLOWING_SAND)),
                idle("thanks for nothing, the report was wrong again", reply(HOURGLASS_FLOWING_SAND)),
                idle(
                        "ok thanks, see <https://example.com/doc|the doc>",
                        reactAndReply(SALUTING_FACE, HOURGLASS_FLOWING_SAND)),
                // intents
                idle("can you investigate why checkout errors spiked last night", reactAndReply(MAG, MAG)),
                idle("Look into the failing nightly job", reactAndReply(MAG, MAG)),
                idle(
                        "<@U024BE7LH> draft a reply to the customer about the outage",
                        reactAndReply(HAMMER_AND_WRENCH, HAMMER_AND_WRENCH)),
                idle(
                        "Please build a small dashboard for weekly signups",
                        reactAndReply(HAMMER_AND_WRENCH, HAMMER_AND_WRENCH)),
                idle("write a release note for 2.4", reactAndReply(HAMMER_AND_WRENCH, HAMMER_AND_WRENCH)),
                idle("can we ship the hotfix today", reactAndReply(ROCKET, ROCKET)),
                idle("Roll out the new pricing page to 10% of users", reactAndReply(ROCKET, ROCKET)),
                idle("research how to deploy on fly.io", reactAndReply(MAG, MAG)),
                idle("what's on my calendar tomorrow", reply(HOURGLASS_FLOWING_SAND)),
                idle("hi lucy", reply(HOURGLASS_FLOWING_SAND)),
                idle("<@U024BE7LH>", reply(HOURGLASS_FLOWING_SAND)),
                idle("", reply(HOURGLASS_FLOWING_SAND)),
                idle("🎉🎉", reply(HOURGLASS_FLOWING_SAND)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" awaiting={1} -> {2}")
    @MethodSource("seedCases")
    void seed_cases_get_the_reaction_the_original_suite_expected(String text, boolean awaiting, Reaction expected) {
        assertThat(CLASSIFIER.classify(text, awaiting)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" awaiting={1} -> {2}")
    @MethodSource("realisticCases")
    void realistic_messages_get_the_expected_reaction(String text, boolean awaiting, Reaction expected) {
        assertThat(CLASSIFIER.classify(text, awaiting)).isEqualTo(expected);
    }

    @Test
    void the_tables_hold_at_least_fifty_realistic_cases_besides_the_seed() {
        assertThat(realisticCases().count()).isGreaterThanOrEqualTo(50);
        assertThat(seedCases().count()).isEqualTo(17);
    }

    @Test
    void no_acknowledgement_phrase_is_react_only_once_the_message_runs_past_eight_words() {
        List<String> phrases = Stream.of(
                        ReactionClassifier.DEFAULT_THANKS,
                        ReactionClassifier.DEFAULT_AGREEMENT,
                        ReactionClassifier.DEFAULT_APPROVAL)
                .flatMap(List::stream)
                .toList();
        for (String phrase : phrases) {
            String padded = phrase + " and also the numbers for the weekly review meeting";
            assertThat(CLASSIFIER.classify(padded, false)).as(padded).isNotInstanceOf(Reaction.ReactOnly.class);
            assertThat(CLASSIFIER.classify(phrase, false)).as(phrase).isInstanceOf(Reaction.ReactOnly.class);
        }
    }

    @Test
    void pure_acknowledgements_are_not_considered_for_memory_but_notes_are() {
        assertThat(CLASSIFIER.classify("thanks!", false).considerForMemory()).isFalse();
        assertThat(CLASSIFIER.classify("lgtm", false).considerForMemory()).isFalse();
        assertThat(CLASSIFIER.classify("fyi the office is closed monday", false).considerForMemory())
                .isTrue();
        assertThat(CLASSIFIER.classify("research our competitors", false).considerForMemory())
                .isTrue();
    }

    @Test
    void working_emoji_follows_the_earliest_intent_word() {
        assertThat(CLASSIFIER.workingEmoji("investigate the outage and then write it up"))
                .isEqualTo(MAG);
        assertThat(CLASSIFIER.workingEmoji("write up the outage after you investigate"))
                .isEqualTo(HAMMER_AND_WRENCH);
        assertThat(CLASSIFIER.workingEmoji("Deploying v2 now, then build the docs"))
                .isEqualTo(ROCKET);
        assertThat(CLASSIFIER.workingEmoji("how many users signed up today")).isEqualTo(HOURGLASS_FLOWING_SAND);
    }

    @Test
    void a_configured_addressee_and_phrase_are_understood() {
        ReactionClassifier custom = ReactionClassifier.builder()
                .addressee("Viktor")
                .agreementPhrase("sounds like a plan")
                .build();
        assertThat(custom.classify("thanks viktor!", false)).isEqualTo(reactOnly(SALUTING_FACE));
        assertThat(custom.classify("Sounds like a plan", false)).isEqualTo(reactOnly(WHITE_CHECK_MARK));
        assertThat(CLASSIFIER.classify("thanks viktor!", false)).isNotInstanceOf(Reaction.ReactOnly.class);
        assertThat(custom.toBuilder().build().classify("sounds like a plan", false))
                .isEqualTo(reactOnly(WHITE_CHECK_MARK));
    }

    @Test
    void a_lower_word_limit_makes_medium_thanks_a_reply() {
        ReactionClassifier strict = ReactionClassifier.builder().maxAckWords(2).build();
        assertThat(strict.classify("thank you so much", false)).isInstanceOf(Reaction.ReactAndReply.class);
        assertThat(strict.classify("thanks!", false)).isEqualTo(reactOnly(SALUTING_FACE));
    }

    @Test
    void builder_rejects_bad_settings_naming_the_field() {
        assertThatThrownBy(() -> ReactionClassifier.builder().maxAckWords(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAckWords");
        assertThatThrownBy(() -> ReactionClassifier.builder().thanksPhrase("!!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thanksPhrase");
    }

    @Test
    void pathological_input_is_classified_without_trouble() {
        String longText = "thanks ".repeat(50_000) + "<".repeat(10_000) + ":".repeat(10_000);
        assertThat(CLASSIFIER.classify(longText, false)).isInstanceOf(Reaction.ReactAndReply.class);
        assertThat(CLASSIFIER.classify("\uD83D", false)).isEqualTo(reply(HOURGLASS_FLOWING_SAND));
    }
}
