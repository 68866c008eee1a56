package dev.lucy.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The playground draws answers as Slack would, and never lets an answer write markup or scripts of its own. */
class SlackPreviewTest {
    private final SlackPreview preview = new SlackPreview();

    @Test
    void markdown_is_drawn_from_the_mrkdwn_slack_would_get() {
        String html =
                preview.html("**Launch** is _on track_, see [the plan](https://example.com/plan?a=1&b=2) and `npm ci`");

        assertThat(html)
                .contains("<strong>Launch</strong>", "<em>on track</em>", "<code>npm ci</code>")
                .contains("<a href=\"https://example.com/plan?a=1&amp;b=2\" rel=\"noreferrer noopener\">the plan</a>");
    }

    @Test
    void an_answer_cannot_inject_markup_or_script_links() {
        String html = preview.html(
                "<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) \"quoted\"");

        assertThat(html).doesNotContain("<script", "<img", "href=\"javascript").contains("&quot;quoted&quot;");
    }
}
