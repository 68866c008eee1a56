package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AssistantSurfaceTest {
    private final AssistantSurface surface = new AssistantSurface(SlackIngress.DEFAULT_PROMPTS, "Try asking");

    /** Records the calls the surface makes, as Slack would receive them. */
    private static final class Recorded implements AssistantSurface.Calls {
        final List<String> calls = new ArrayList<>();

        @Override
        public void suggestPrompts(
                String channel, Optional<String> threadTs, String title, List<SlackIngress.Prompt> prompts) {
            calls.add("prompts " + channel + " " + threadTs.orElse("-") + " " + prompts.size());
        }

        @Override
        public void setTitle(String conversationId, String title) {
            calls.add("title " + conversationId + " " + title);
        }
    }

    @Test
    void a_title_reads_as_the_question_without_mentions_markup_or_secrets() {
        assertThat(surface.title(
                        "<@U0LUCYBOT1> what did <#C123|launch> decide about <https://example.com/plan|the plan>?"))
                .contains("what did #launch decide about the plan?");
        assertThat(surface.title("deploy with token xoxb-1234567890-abcdefghijkl please <!here>"))
                .hasValueSatisfying(title -> assertThat(title)
                        .doesNotContain("xoxb-1234567890")
                        .doesNotContain("<!here>")
                        .startsWith("deploy with token"));
        assertThat(surface.title("  *what*   is `kubectl`   &lt;pod&gt;? ")).contains("what is kubectl <pod>?");
        assertThat(surface.title("<@U0LUCYBOT1>")).isEmpty();
    }

    @Test
    void a_long_question_is_cut_at_a_word_with_an_ellipsis() {
        String question = "could you please go through every open incident from last week and tell me which ones"
                + " still need an owner";
        String title = surface.title(question).orElseThrow();
        assertThat(title)
                .hasSizeLessThanOrEqualTo(AssistantSurface.MAX_TITLE_CHARS)
                .endsWith("…");
        assertThat(question).startsWith(title.substring(0, title.length() - 1));
        assertThat(title.charAt(title.length() - 2)).isNotEqualTo(' ');
    }

    @Test
    void only_the_first_question_of_a_thread_the_surface_opened_names_it() {
        Recorded slack = new Recorded();
        SlackConversation assistantThread = new SlackConversation("D1", "100.000001");
        surface.opened(new AssistantSurface.Opened("U1", "D1", Optional.of("100.000001"), Optional.of("C9")), slack);
        surface.messaged(assistantThread, "100.000002", "first question", slack);
        surface.messaged(assistantThread, "100.000003", "second question", slack);
        surface.messaged(new SlackConversation("D2", "200.000001"), "200.000001", "a plain DM", slack);

        assertThat(slack.calls).containsExactly("prompts D1 100.000001 4", "title D1:100.000001 first question");
        assertThat(surface.viewing("D1:100.000001")).contains("C9");
    }

    @Test
    void in_the_agent_view_each_top_level_message_starts_a_thread_to_name() {
        Recorded slack = new Recorded();
        surface.opened(new AssistantSurface.Opened("U1", "D1", Optional.empty(), Optional.empty()), slack);
        surface.messaged(new SlackConversation("D1", "300.000001"), "300.000001", "first thread", slack);
        surface.messaged(new SlackConversation("D1", "300.000001"), "300.000002", "a reply in it", slack);
        surface.messaged(new SlackConversation("D1", "400.000001"), "400.000001", "second thread", slack);
        surface.contextChanged("U1", Optional.of("C7"));

        assertThat(slack.calls)
                .containsExactly(
                        "prompts D1 - 4", "title D1:300.000001 first thread", "title D1:400.000001 second thread");
        assertThat(surface.viewing("D1:400.000001")).contains("C7");
        surface.contextChanged("U1", Optional.empty());
        assertThat(surface.viewing("D1:400.000001")).isEmpty();
    }
}
