package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Keeps the "Reactions, tone and progress" snippet of the README compiling and true. */
class ReactionsReadmeSnippetTest {

    @Test
    void readme_snippet_for_reactions_tone_and_progress_works_as_shown() {
        // --- README snippet starts ---
        ReactionClassifier triage = ReactionClassifier.defaults();
        Reaction reaction = triage.classify("<@U024BE7LH> thanks!", false); // ReactOnly[saluting_face]

        UnaryOperator<String> prose = TonePipeline.defaults().andThen(Sanitiser.defaults())::apply;
        String answer = prose.apply("Great question! It's worth noting that the key is sk-abc123def456ghi789jkl012.");

        ProgressNarrator narrator = ProgressNarrator.create(new Random(42));
        String progress = narrator.progress(5, List.of("GOOGLECALENDAR_LIST_EVENTS", "web_search"));
        String error = ErrorMessages.create(new Random(42)).message(new Failure.ContextTooLarge());
        // --- README snippet ends ---

        assertThat(reaction).isEqualTo(new Reaction.ReactOnly(SlackEmoji.SALUTING_FACE, false));
        assertThat(answer).isEqualTo("The key is [redacted].");
        assertThat(progress)
                .containsIgnoringCase("making progress")
                .contains("checked the calendar and searched the web");
        assertThat(error).contains("new thread").doesNotContain("Context");
    }
}
