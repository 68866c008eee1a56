package dev.lucy.slack;

import java.util.Objects;
import java.util.Optional;

/**
 * One Slack message as {@link SlackFormatter} produced it: the {@code text} field and, for the block targets,
 * the {@code blocks} array as JSON.
 *
 * @param text the message text: mrkdwn for {@link Target#MRKDWN} and {@link Target#BLOCKS} (where it is the
 *     notification fallback), the Markdown itself for {@link Target#MARKDOWN_BLOCK}; never null
 * @param blocksJson the JSON array of blocks, empty for {@link Target#MRKDWN}
 */
public record SlackMessage(String text, Optional<String> blocksJson) {
    public SlackMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(blocksJson, "blocksJson");
    }

    static SlackMessage text(String text) {
        return new SlackMessage(text, Optional.empty());
    }

    /** The message as a JSON object with {@code text} and, when present, {@code blocks}: a chat.postMessage body. */
    public String toJson() {
        StringBuilder json =
                new StringBuilder(text.length() + blocksJson.map(String::length).orElse(0) + 32);
        json.append("{\"text\":");
        Json.string(json, text);
        blocksJson.ifPresent(blocks -> json.append(",\"blocks\":").append(blocks));
        return json.append('}').toString();
    }
}
