package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Text a person or a model writes in angle brackets is shown, never dropped; mentions that would notify a whole
 * channel or group are shown without notifying; a link's label cannot name another host than the one it opens.
 */
class WhatPeopleWroteTest {

    private static String render(String markdown, FormatOptions options) {
        return SlackFormatter.of(options).format(markdown).stream()
                .map(SlackMessage::text)
                .collect(Collectors.joining("\n"));
    }

    private static String mrkdwn(String markdown) {
        return render(markdown, FormatOptions.defaults());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "Replace <your-token> with the token.|Replace &lt;your-token&gt; with the token.",
                "Use List<String> here|Use List&lt;String&gt; here",
                "<!DOCTYPE html> is the first line|&lt;!DOCTYPE html&gt; is the first line",
                "Press <Enter> to go on|Press &lt;Enter&gt; to go on",
                "Shout <!CHANNEL> now|Shout &lt;!CHANNEL&gt; now",
                "Call it with <?php echo 1 ?> inside|Call it with &lt;?php echo 1 ?&gt; inside",
                "<your-token>|&lt;your-token&gt;",
                "a <b-tag> here|a &lt;b-tag&gt; here",
            })
    void keeps_text_in_angle_brackets_that_is_not_html_markup(String written, String shown) {
        assertThat(mrkdwn(written)).isEqualTo(shown);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void keeps_the_words_in_every_target(Target target) {
        String out = render(
                "Replace <your-token> in List<String>, press <Enter>",
                FormatOptions.builder().target(target).build());
        assertThat(out).contains("&lt;your-token&gt;", "List&lt;String&gt;", "&lt;Enter&gt;");
    }

    @Test
    void a_raw_slack_link_stays_a_link() {
        assertThat(mrkdwn("raw <https://a.example|b> link")).isEqualTo("raw <https://a.example|b> link");
        assertThat(mrkdwn("<https://a.example|b> first")).isEqualTo("<https://a.example|b> first");
    }

    @Test
    void html_markup_still_goes_and_its_words_stay() {
        assertThat(mrkdwn("Press <kbd>Ctrl</kbd> and <b>C</b> <!-- note -->")).isEqualTo("Press Ctrl and C");
    }

    @Test
    void a_user_group_mention_shows_the_group_without_notifying_it() {
        String out = mrkdwn("ping <!subteam^S123|@eng> please");
        assertThat(out).isEqualTo("ping @\u2060eng please").doesNotContain("<!subteam");
    }

    @Test
    void a_user_group_mention_notifies_when_allowed() {
        FormatOptions allowed = FormatOptions.builder().allowGroupMentions(true).build();
        assertThat(render("ping <!subteam^S123|@eng> please", allowed)).isEqualTo("ping <!subteam^S123|@eng> please");
    }

    @Test
    void a_link_labelled_with_another_address_shows_where_it_really_goes() {
        assertThat(mrkdwn("see [https://good.example](https://evil.example)")).isEqualTo("see <https://evil.example>");
        assertThat(mrkdwn("see [good.example/login](https://evil.example/login)"))
                .isEqualTo("see <https://evil.example/login>");
    }

    @Test
    void a_link_labelled_with_its_own_host_or_with_words_keeps_its_label() {
        assertThat(mrkdwn("[www.lucy.example](https://lucy.example/docs)"))
                .isEqualTo("<https://lucy.example/docs|www.lucy.example>");
        assertThat(mrkdwn("[the docs](https://lucy.example/docs)")).isEqualTo("<https://lucy.example/docs|the docs>");
    }
}
