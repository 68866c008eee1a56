package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for any input, every target's output is valid (balanced fences, nothing unescaped, within every
 * limit) and rendering neither throws nor hangs. Seeded, so a failure names the seed that reproduces it.
 */
class FormatterFuzzTest {
    private static final String[] TOKENS = {
        "**",
        "*",
        "_",
        "__",
        "~~",
        "~",
        "`",
        "```",
        "```java\n",
        "\n",
        "\n\n",
        " ",
        "  \n",
        "# ",
        "## ",
        "### ",
        "> ",
        ">> ",
        "- ",
        "* ",
        "1. ",
        "- [ ] ",
        "- [x] ",
        "    ",
        "|",
        "| a | b |\n|---|---|\n",
        "---\n",
        "[",
        "]",
        "(",
        ")",
        "](https://example.com/x)",
        "https://github.com/acme/app/pull/7",
        "www.example.org",
        "<",
        ">",
        "&",
        "&amp;",
        "[long](https://example.com/" + "p&q/".repeat(120) + ")",
        "https://example.com/" + "segment/".repeat(110),
        "[" + "&".repeat(190) + "](https://example.com)",
        "<b>",
        "</b>",
        "<div>",
        "<script>x</script>",
        "<!-- c -->",
        "<@U123ABC>",
        "<#C123ABC|general>",
        "<!here>",
        "<!channel>",
        "@everyone",
        "<!subteam^S1AB|@team>",
        "<https://example.com|label>",
        ":tada:",
        "word",
        "Summary",
        "中文",
        "😀",
        "\u200B",
        "\\",
        "![alt](",
        "!",
        ".",
        "?",
        "\t",
        "\r\n",
        "\u0000",
        "\uD800",
        "&lt;",
        "<<",
        ">>>",
        "x".repeat(300),
        "y ".repeat(200),
    };

    private static final List<FormatOptions> OPTIONS = List.of(
            FormatOptions.defaults(),
            FormatOptions.builder().maxTextChars(1_500).build(),
            FormatOptions.builder().target(Target.BLOCKS).build(),
            FormatOptions.builder()
                    .target(Target.BLOCKS)
                    .maxSectionChars(600)
                    .maxBlockTextChars(1_500)
                    .maxBlocks(5)
                    .build(),
            FormatOptions.builder().target(Target.MARKDOWN_BLOCK).build(),
            FormatOptions.builder()
                    .target(Target.MARKDOWN_BLOCK)
                    .maxMarkdownChars(700)
                    .build(),
            FormatOptions.builder()
                    .allowBroadcasts(true)
                    .tables(TableStyle.MONOSPACE)
                    .addProseFilter(s -> s.replace("word", "WORD"))
                    .build());

    @Test
    void any_token_soup_renders_valid_output_for_every_target() {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (long seed = 1; seed <= 400; seed++) {
                Random random = new Random(seed);
                StringBuilder input = new StringBuilder();
                int tokens = random.nextInt(random.nextBoolean() ? 40 : 600);
                for (int i = 0; i < tokens; i++) {
                    input.append(TOKENS[random.nextInt(TOKENS.length)]);
                }
                checkAll(input.toString(), "token soup seed " + seed);
            }
        });
    }

    @Test
    void random_bytes_render_valid_output_for_every_target() {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (long seed = 1; seed <= 150; seed++) {
                Random random = new Random(seed);
                byte[] bytes = new byte[random.nextInt(4_000)];
                random.nextBytes(bytes);
                checkAll(new String(bytes, StandardCharsets.UTF_8), "random bytes seed " + seed);
                char[] chars = new char[random.nextInt(2_000)];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = (char) random.nextInt(0x10000);
                }
                checkAll(new String(chars), "random chars seed " + seed);
            }
        });
    }

    @Test
    void pathological_nesting_and_huge_inputs_stay_valid_and_bounded() {
        List<String> inputs = new ArrayList<>();
        inputs.add(">".repeat(50_000) + " deep");
        inputs.add("- ".repeat(5_000) + "deep list");
        inputs.add("*".repeat(20_000) + "x" + "*".repeat(20_000));
        inputs.add("[".repeat(20_000) + "x" + "](u)".repeat(5_000));
        inputs.add("_a ".repeat(10_000) + "b_".repeat(10_000));
        inputs.add("`".repeat(30_000));
        inputs.add("<".repeat(30_000));
        inputs.add("```\n" + "code line that is long enough\n".repeat(5_000));
        inputs.add("| a | b |\n|---|---|\n" + "| x | y |\n".repeat(3_000));
        inputs.add(("# Heading\n\n" + "A sentence of prose. ".repeat(400) + "\n\n").repeat(30));
        inputs.add("**" + "bold words ".repeat(3_000) + "**");
        inputs.add("x".repeat(100_000));
        inputs.add(("  ".repeat(40) + "- item\n").repeat(200));
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < inputs.size(); i++) {
                checkAll(inputs.get(i), "pathological input " + i);
            }
        });
    }

    private static void checkAll(String input, String label) {
        for (FormatOptions options : OPTIONS) {
            List<SlackMessage> messages;
            try {
                messages = SlackFormatter.of(options).format(input);
            } catch (RuntimeException e) {
                throw new AssertionError(label + " with " + options + " threw", e);
            }
            assertThat(Validity.problems(messages, options))
                    .as("%s with %s", label, options)
                    .isEmpty();
        }
    }
}
