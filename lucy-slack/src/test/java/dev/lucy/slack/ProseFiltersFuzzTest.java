package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random text, Markdown shards, private-use and lone surrogate characters: nothing throws, the tone pipeline
 * keeps code exactly, and a random-looking key never survives the sanitiser.
 */
class ProseFiltersFuzzTest {

    /** A random-looking key set apart by spaces (glued to a URL it would count as part of the link). */
    private static final String KEY = " Zx8mQ2vLp9TgR4kW7nB3yH6cJ1fD5sAeQ7rT2uV9 ";

    private static final String[] SHARDS = {
        "Great question! ",
        "It's worth noting that ",
        "Hope this helps!",
        "`",
        "```",
        "~~~",
        "\n",
        "\n\n",
        "    ",
        "> ",
        "- ",
        "1. ",
        "# ",
        "**",
        "_",
        "<@U1>",
        "<https://x.io/a|a>",
        "https://x.io/home/a",
        "/home/lucy/a.txt",
        "sk-",
        "xoxb-",
        "AKIA",
        KEY,
        "\uE000",
        "\uE001",
        "\uD83D",
        "\uDE00",
        "🙏",
        ":+1:",
        "thanks",
        "lgtm",
        "fyi",
        "?",
        ".",
        "COMPOSIO_X",
        "OpenRouter",
        "-----BEGIN PRIVATE KEY-----",
        "=",
        "\t",
        "é"
    };

    @Test
    void random_inputs_never_break_the_filters_or_the_classifier() {
        ReactionClassifier classifier = ReactionClassifier.defaults();
        TonePipeline tone = TonePipeline.defaults();
        Sanitiser sanitiser = Sanitiser.defaults();
        SplittableRandom random = new SplittableRandom(2026);
        for (int round = 0; round < 4_000; round++) {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(30);
            for (int p = 0; p < parts; p++) {
                if (random.nextInt(4) == 0) {
                    text.append((char) random.nextInt(0x10000));
                } else {
                    text.append(SHARDS[random.nextInt(SHARDS.length)]);
                }
            }
            String input = text.toString();
            assertThatCode(() -> classifier.classify(input, random.nextBoolean()))
                    .as(input)
                    .doesNotThrowAnyException();
            String toned = tone.apply(input);
            assertThat(ProtectedCode.sameCode(input, ProtectedCode.of(input), toned))
                    .as(input)
                    .isTrue();
            String clean = sanitiser.apply(toned);
            assertThat(clean).as(input).doesNotContain(KEY.strip());
        }
    }
}
