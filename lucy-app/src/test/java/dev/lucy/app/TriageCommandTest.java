package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriageCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int triage(String... args) {
        List<String> line = new ArrayList<>(List.of("triage"));
        line.addAll(List.of(args));
        return new Main(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(line);
    }

    private JsonNode printed() throws Exception {
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    /** Triages {@code text} on its own and returns one field of the printed decision. */
    private String triaged(String text, String field) throws Exception {
        out.reset();
        assertThat(triage(text)).isZero();
        return printed().get(field).asText();
    }

    @Test
    void thanks_is_answered_with_an_emoji_only() throws Exception {
        assertThat(triage("thanks!")).isZero();
        assertThat(printed().get("decision").asText()).isEqualTo("react_only");
        assertThat(printed().get("emoji").asText()).isNotBlank();
    }

    @Test
    void a_greeting_gets_a_fast_reply_with_its_text() throws Exception {
        assertThat(triage("hello")).isZero();
        assertThat(printed().get("decision").asText()).isEqualTo("fast_reply");
        assertThat(printed().get("reply").asText()).isNotBlank();
    }

    @Test
    void approval_words_are_a_real_reply_when_lucy_waits_for_one() throws Exception {
        assertThat(triage("--awaiting-reply", "ship it")).isZero();
        assertThat(printed().get("decision").asText()).isEqualTo("agent_run");
    }

    @Test
    void an_urgent_request_runs_the_agent_at_interactive_priority_with_a_working_emoji() throws Exception {
        assertThat(triage("urgent:", "investigate", "why", "the", "checkout", "outage", "started"))
                .isZero();
        JsonNode decision = printed();
        assertThat(decision.get("decision").asText()).isEqualTo("agent_run");
        assertThat(decision.get("priority").asText()).isNotBlank();
        assertThat(decision.get("tier").asText()).isIn("fast", "default", "frontier");
        assertThat(decision.get("working_emoji").asText()).isNotBlank();
        assertThat(decision.get("text").asText()).isEqualTo("urgent: investigate why the checkout outage started");
    }

    @Test
    void the_working_emoji_follows_the_intent_of_the_request() throws Exception {
        assertThat(triaged("please deploy the new release to production today", "working_emoji"))
                .isEqualTo("rocket");
        assertThat(triaged("research how our competitors price their enterprise plans", "working_emoji"))
                .isEqualTo("mag");
    }

    @Test
    void cancel_and_status_are_recognised() throws Exception {
        assertThat(triaged("cancel that", "decision")).isEqualTo("cancel");
        assertThat(triaged("what are you working on?", "decision")).isEqualTo("status");
    }

    @Test
    void no_text_is_a_usage_error() {
        assertThat(triage()).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("lucy triage: needs TEXT")
                .contains("./lucy triage --help");
        err.reset();
        assertThat(triage(" ")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("lucy triage: needs TEXT");
    }
}
