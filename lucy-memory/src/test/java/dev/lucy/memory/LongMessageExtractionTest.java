package dev.lucy.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A pasted document or log is read for facts only as far as a fact can reasonably be said. */
class LongMessageExtractionTest {
    private final RuleBasedExtractor extractor = RuleBasedExtractor.create();

    @Test
    void a_fact_at_the_start_of_a_long_message_is_still_found() {
        String message = "Remember that our Q1 target is $800K. " + "Here is the log line that failed. ".repeat(2_000);

        Extraction e = extractor.extract(message);

        assertThat(e).isInstanceOf(Extraction.Found.class);
        assertThat(((Extraction.Found) e).facts().get(0).text()).isEqualTo("Our Q1 target is $800K.");
    }

    @Test
    void nothing_past_the_limit_is_read() {
        String filler = "The build log says nothing useful here. ";
        String message =
                filler.repeat(RuleBasedExtractor.MAX_MESSAGE_CHARS / filler.length() + 1) + "Our Q1 target is $800K.";

        assertThat(extractor.extract(message)).isInstanceOf(Extraction.Rejected.class);
    }

    @Test
    void a_long_message_is_cut_after_its_last_whole_sentence() {
        String sentence = "We use Jira for bugs. ";
        String message = sentence.repeat(RuleBasedExtractor.MAX_MESSAGE_CHARS / sentence.length()) + "x".repeat(500);

        String head = RuleBasedExtractor.head(message);

        assertThat(head)
                .hasSizeLessThanOrEqualTo(RuleBasedExtractor.MAX_MESSAGE_CHARS)
                .endsWith("bugs.");
        assertThat(RuleBasedExtractor.head("short")).isEqualTo("short");
    }
}
