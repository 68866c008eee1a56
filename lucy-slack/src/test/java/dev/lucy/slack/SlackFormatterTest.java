package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlackFormatterTest {
    private static final SlackFormatter MRKDWN = SlackFormatter.defaults();

    private static String mrkdwn(String markdown) {
        List<SlackMessage> messages = MRKDWN.format(markdown);
        assertThat(messages).hasSize(1);
        assertThat(Validity.problems(messages, MRKDWN.options())).isEmpty();
        return messages.get(0).text();
    }

    @Test
    void renders_emphasis_as_slack_markers() {
        assertThat(mrkdwn("**bold**, *italic*, ***both***, ~~gone~~ and `code`"))
                .isEqualTo("*bold*, _italic_, _*both*_, ~gone~ and `code`");
    }

    @Test
    void separates_emphasis_from_adjacent_letters_including_cjk() {
        assertThat(mrkdwn("foo**bar**baz")).isEqualTo("foo\u200B*bar*\u200Bbaz");
        assertThat(mrkdwn("中文**强调**中文")).isEqualTo("中文\u200B*强调*\u200B中文");
        assertThat(mrkdwn("(**bold**)")).isEqualTo("(*bold*)");
    }

    @Test
    void emphasis_after_a_heading_gets_no_stray_separator() {
        assertThat(mrkdwn("## Summary\nThe deploy **failed** on `build-7`"))
                .isEqualTo("*📝 Summary*\n\nThe deploy *failed* on `build-7`");
    }

    @Test
    void uses_a_plain_space_when_asked_instead_of_a_zero_width_one() {
        SlackFormatter spaced = SlackFormatter.of(
                FormatOptions.builder().emphasisSpacing(EmphasisSpacing.SPACE).build());
        assertThat(spaced.format("foo**bar**baz").get(0).text()).isEqualTo("foo *bar* baz");
    }

    @Test
    void keeps_a_tilde_inside_strike_from_ending_it() {
        assertThat(mrkdwn("~~rm -rf ~/.cache~~")).isEqualTo("~rm -rf ∼/.cache~");
    }

    @Test
    void escapes_ampersand_and_angle_brackets_outside_and_inside_code() {
        assertThat(mrkdwn("a < b && c > d")).isEqualTo("a &lt; b &amp;&amp; c &gt; d");
        assertThat(mrkdwn("`x<y>`")).isEqualTo("`x&lt;y&gt;`");
    }

    @Test
    void passes_slack_entities_and_emoji_through() {
        assertThat(mrkdwn("Hi <@U024BE7LH>, see <#C0123ABC|general> :tada:"))
                .isEqualTo("Hi <@U024BE7LH>, see <#C0123ABC|general> :tada:");
    }

    @Test
    void neutralises_broadcasts_unless_allowed() {
        String text = mrkdwn("<!here> and <!channel> and @everyone");
        assertThat(text).doesNotContain("<!here>").doesNotContain("<!channel>").contains("@\u2060here");
        assertThat(text).contains("@\u2060everyone");
        SlackFormatter allowing =
                SlackFormatter.of(FormatOptions.builder().allowBroadcasts(true).build());
        assertThat(allowing.format("<!here> deploy is done").get(0).text()).isEqualTo("<!here> deploy is done");
    }

    @Test
    void renders_fenced_code_without_its_language() {
        assertThat(mrkdwn("```java\nint a = 1;\n```")).isEqualTo("```\nint a = 1;\n```");
    }

    @Test
    void keeps_three_backticks_inside_code_from_closing_the_block() {
        String text = mrkdwn("````\nprint(\"```\")\n````");
        assertThat(text).startsWith("```\n").endsWith("\n```");
        assertThat(text.split("```", -1)).hasSize(3);
    }

    @Test
    void backtick_runs_never_open_a_stray_code_block_wherever_they_come_from() {
        for (String markdown : List.of(
                "a `` ` `` ```` b",
                "[x](https://example.com/a```b)",
                "[lab```el](https://example.com)",
                "````\n`````\n````")) {
            List<SlackMessage> messages = MRKDWN.format(markdown);
            assertThat(Validity.problems(messages, MRKDWN.options()))
                    .as(markdown)
                    .isEmpty();
        }
    }

    @Test
    void renders_quotes_with_one_marker_per_line_even_when_nested() {
        assertThat(mrkdwn("> first\n> second\n>> inner")).isEqualTo("> first\n> second\n> inner");
    }

    @Test
    void renders_nested_ordered_and_task_lists() {
        assertThat(mrkdwn("- a\n  - b\n    1. c\n- [ ] todo\n- [x] done\n\n3. three\n4. four"))
                .isEqualTo("• a\n    ◦ b\n        1. c\n⬜ todo\n✅ done\n\n3. three\n4. four");
    }

    @Test
    void renders_links_autolinks_and_images_as_slack_links() {
        assertThat(mrkdwn("[docs](https://example.com/a?x=1&y=2)"))
                .isEqualTo("<https://example.com/a?x=1&amp;y=2|docs>");
        assertThat(mrkdwn("see https://github.com/acme/app/pull/42"))
                .isEqualTo("see <https://github.com/acme/app/pull/42|GitHub PR #42>");
        assertThat(mrkdwn("![chart](https://example.com/c.png)")).isEqualTo("<https://example.com/c.png|chart>");
    }

    @Test
    void drops_links_slack_cannot_open_but_keeps_their_words() {
        assertThat(mrkdwn("[click](javascript:alert(1)) and [rel](./docs/x.md)"))
                .isEqualTo("click and rel");
    }

    @Test
    void headings_become_bold_lines_with_a_section_emoji_chosen_by_meaning() {
        assertThat(mrkdwn("## Next steps")).isEqualTo("*👉 Next steps*");
        assertThat(mrkdwn("# Summary")).isEqualTo("*📝 Summary*");
        assertThat(mrkdwn("### Known risks")).isEqualTo("*⚠️ Known risks*");
        assertThat(mrkdwn("## Errors seen")).isEqualTo("*❌ Errors seen*");
        assertThat(mrkdwn("## Chapter two")).isEqualTo("*Chapter two*");
        assertThat(mrkdwn("## 🚀 Launch")).isEqualTo("*🚀 Launch*");
        assertThat(mrkdwn("## The **big** picture")).isEqualTo("*The big picture*");
    }

    @Test
    void thematic_breaks_and_hard_breaks_survive() {
        assertThat(mrkdwn("one  \ntwo\n\n---\n\nthree")).isEqualTo("one\ntwo\n\n" + Renderer.MRKDWN_RULE + "\n\nthree");
    }

    @Test
    void tables_become_aligned_monospace_in_mrkdwn() {
        assertThat(mrkdwn("| Name | Score |\n|:--|--:|\n| Ann | 10 |\n| Bo | 7 |"))
                .isEqualTo("```\nName | Score\n-----+------\nAnn  |    10\nBo   |     7\n```");
    }

    @Test
    void strips_html_safely_keeping_its_text() {
        assertThat(mrkdwn("<div>Hello <b>there</b><script>steal()</script></div>"))
                .isEqualTo("Hello there");
        assertThat(mrkdwn("a <span>b</span> c<br>d")).isEqualTo("a b c\nd");
    }

    @Test
    void empty_input_gives_one_empty_message() {
        assertThat(MRKDWN.format("")).containsExactly(new SlackMessage("", java.util.Optional.empty()));
        assertThat(MRKDWN.format("   \n\n")).hasSize(1);
    }

    @Test
    void blocks_target_uses_header_section_divider_rich_text_and_table_blocks() {
        SlackFormatter blocks =
                SlackFormatter.of(FormatOptions.builder().target(Target.BLOCKS).build());
        List<SlackMessage> messages = blocks.format(
                "# Results\n\nAll **green**.\n\n---\n\n```sh\necho '<ok>'\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        assertThat(Validity.problems(messages, blocks.options())).isEmpty();
        String json = messages.get(0).blocksJson().orElseThrow();
        assertThat(json)
                .contains(
                        "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"📊 Results\",\"emoji\":true}}")
                .contains("{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"All *green*.\"}}")
                .contains("{\"type\":\"divider\"}")
                .contains("\"rich_text_preformatted\",\"elements\":[{\"type\":\"text\",\"text\":\"echo '<ok>'\"}]")
                .contains("\"rows\":[[{\"type\":\"raw_text\",\"text\":\"a\"},{\"type\":\"raw_text\",\"text\":\"b\"}]");
        assertThat(messages.get(0).text()).contains("*📊 Results*").contains("All *green*.");
    }

    @Test
    void markdown_block_target_keeps_code_languages_and_standard_markdown() {
        SlackFormatter markdown = SlackFormatter.of(
                FormatOptions.builder().target(Target.MARKDOWN_BLOCK).build());
        List<SlackMessage> messages = markdown.format("## Plan\n\n- [x] **write** it\n\n```kotlin\nval a = 1 < 2\n```");
        assertThat(Validity.problems(messages, markdown.options())).isEmpty();
        assertThat(messages.get(0).text())
                .isEqualTo("## 👉 Plan\n\n- [x] **write** it\n\n```kotlin\nval a = 1 < 2\n```");
        assertThat(messages.get(0).blocksJson().orElseThrow()).startsWith("[{\"type\":\"markdown\",\"text\":\"## ");
    }

    @Test
    void options_refuse_limits_above_slacks_naming_the_field() {
        assertThatThrownBy(() -> FormatOptions.builder().maxSectionChars(3_001).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSectionChars");
        assertThatThrownBy(() -> FormatOptions.builder().maxBlocks(51).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBlocks");
        FormatOptions options = FormatOptions.builder().maxTextChars(4_000).build();
        assertThat(options.toBuilder().build().maxTextChars()).isEqualTo(4_000);
    }

    @Test
    void prose_filters_change_prose_but_never_code() {
        SlackFormatter filtered = SlackFormatter.of(FormatOptions.builder()
                .addProseFilter(s -> s.replace("Great question! ", "").replace("secret", "[redacted]"))
                .build());
        String text = filtered.format("Great question! The secret is `secret` and:\n\n```\nsecret = 1\n```\n")
                .get(0)
                .text();
        assertThat(text).isEqualTo("The [redacted] is `secret` and:\n\n```\nsecret = 1\n```");
    }

    @Test
    void a_filter_that_drops_a_placeholder_loses_only_that_code_and_nothing_breaks() {
        SlackFormatter filtered = SlackFormatter.of(FormatOptions.builder()
                .addProseFilter(s -> s.replaceAll("[\\uE000-\\uE0FF]", ""))
                .build());
        List<SlackMessage> messages = filtered.format("keep `this` and ```\ncode\n```");
        assertThat(Validity.problems(messages, filtered.options())).isEmpty();
        assertThat(messages.get(0).text()).contains("keep");
    }
}
