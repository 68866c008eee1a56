package dev.lucy.examples.formatter;

import dev.lucy.slack.FormatOptions;
import dev.lucy.slack.SlackFormatter;
import dev.lucy.slack.SlackMessage;
import dev.lucy.slack.Target;
import java.util.List;

/** Turns a model's Markdown answer into the Slack messages to post: mrkdwn text, then Block Kit JSON. */
public final class PreviewAnswer {
    static final String ANSWER = """
            ## Summary
            The deploy **failed** on `build-7`; see https://github.com/acme/app/pull/42.

            | Step | Result |
            |---|---|
            | build | ok |
            | test | failed |

            - [x] roll back
            - [ ] fix the flaky test
            """;

    private PreviewAnswer() {}

    /** The chat.postMessage bodies for an answer, as Block Kit JSON. */
    static List<String> blockMessages(String markdown) {
        SlackFormatter blocks =
                SlackFormatter.of(FormatOptions.builder().target(Target.BLOCKS).build());
        return blocks.format(markdown).stream().map(SlackMessage::toJson).toList();
    }

    public static void main(String[] args) {
        for (SlackMessage message : SlackFormatter.defaults().format(ANSWER)) {
            System.out.println(message.text());
        }
        blockMessages(ANSWER).forEach(System.out::println);
    }
}
