package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes an App Home tab view ({@code {"type":"home","blocks":[...]}}) for {@code views.publish}, within Slack's
 * limits for a view: at most {@value #MAX_BLOCKS} blocks, section text of {@value #MAX_SECTION_CHARS} characters,
 * header text of {@value #MAX_HEADER_CHARS}, button labels of {@value #MAX_BUTTON_CHARS} and button values of
 * {@value #MAX_VALUE_CHARS}. Longer text is cut with an ellipsis; a list longer than it may show ends with "and N
 * more"; blocks past the last one a view may hold are left out and the view says so in its last block.
 *
 * <p>Text given to {@link Builder#section}, {@link Builder#context} and {@link Item} is mrkdwn; pass what people or
 * the model wrote through {@link #escape} first. Not thread safe while building; the built view is immutable.
 *
 * @param json the view as {@code views.publish} takes it
 * @param blocks how many blocks it holds
 */
public record HomeTab(String json, int blocks) {
    /** Slack's most blocks in a view. */
    public static final int MAX_BLOCKS = 100;
    /** Slack's longest section text. */
    public static final int MAX_SECTION_CHARS = 3_000;
    /** Slack's longest header text. */
    public static final int MAX_HEADER_CHARS = 150;
    /** Slack's longest button label. */
    public static final int MAX_BUTTON_CHARS = 75;
    /** Slack's longest button value. */
    public static final int MAX_VALUE_CHARS = 2_000;

    static final String CUT_NOTE = "There is more than fits here.";

    public HomeTab {
        Objects.requireNonNull(json, "json");
    }

    /** A new, empty view. */
    public static Builder builder() {
        return new Builder();
    }

    /** Text as mrkdwn shows it literally: {@code & < >} escaped, nothing else (Slack decodes only those). */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A button.
     *
     * @param actionId the {@code action_id} the app's handler listens for
     * @param label what it shows
     * @param value what comes back when it is pressed
     * @param danger whether it is shown red (for what cannot be undone)
     */
    public record Button(String actionId, String label, String value, boolean danger) {
        public Button {
            Objects.requireNonNull(actionId, "actionId");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
            if (actionId.isBlank() || actionId.length() > 255) {
                throw new IllegalArgumentException("actionId must be 1 to 255 characters, was '" + actionId + "'");
            }
            if (value.length() > MAX_VALUE_CHARS) {
                throw new IllegalArgumentException("value must be at most " + MAX_VALUE_CHARS + " characters");
            }
        }

        /** A plain button. */
        public static Button of(String actionId, String label, String value) {
            return new Button(actionId, label, value, false);
        }

        /** The same button, shown red. */
        public Button asDanger() {
            return new Button(actionId, label, value, true);
        }
    }

    /**
     * One line of a list: mrkdwn text and, beside it, at most one button.
     *
     * @param text mrkdwn
     * @param button the button beside it, or null for none
     */
    public record Item(String text, Button button) {
        public Item {
            Objects.requireNonNull(text, "text");
        }

        public static Item of(String text) {
            return new Item(text, null);
        }

        public static Item of(String text, Button button) {
            return new Item(text, Objects.requireNonNull(button, "button"));
        }
    }

    /** Adds blocks in order; {@link #build()} writes the view. */
    public static final class Builder {
        private final List<String> blocks = new ArrayList<>();

        private Builder() {}

        /** A header: plain text, one line. */
        public Builder header(String text) {
            StringBuilder json = new StringBuilder("{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":");
            Json.string(json, BlockKit.truncate(oneLine(text), MAX_HEADER_CHARS));
            blocks.add(json.append(",\"emoji\":true}}").toString());
            return this;
        }

        /** A section of mrkdwn text. */
        public Builder section(String mrkdwn) {
            return item(Item.of(mrkdwn));
        }

        /** A section with its button beside it, if it has one. */
        public Builder item(Item item) {
            StringBuilder json = new StringBuilder("{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":");
            Json.string(json, BlockKit.truncate(item.text().isBlank() ? " " : item.text(), MAX_SECTION_CHARS));
            json.append('}');
            if (item.button() != null) {
                json.append(",\"accessory\":");
                button(json, item.button());
            }
            blocks.add(json.append('}').toString());
            return this;
        }

        /** A row of buttons (at most 25, as Slack allows in one actions block). */
        public Builder buttons(List<Button> buttons) {
            if (buttons.isEmpty()) {
                return this;
            }
            if (buttons.size() > 25) {
                throw new IllegalArgumentException("an actions block holds at most 25 buttons, got " + buttons.size());
            }
            StringBuilder json = new StringBuilder("{\"type\":\"actions\",\"elements\":[");
            for (int i = 0; i < buttons.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                button(json, buttons.get(i));
            }
            blocks.add(json.append("]}").toString());
            return this;
        }

        /** Small grey mrkdwn text. */
        public Builder context(String mrkdwn) {
            StringBuilder json =
                    new StringBuilder("{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":");
            Json.string(json, BlockKit.truncate(mrkdwn.isBlank() ? " " : mrkdwn, MAX_SECTION_CHARS));
            blocks.add(json.append("}]}").toString());
            return this;
        }

        public Builder divider() {
            blocks.add("{\"type\":\"divider\"}");
            return this;
        }

        /**
         * The first {@code most} of {@code values} as items, then "and N more" in small text when there are more;
         * {@code whenEmpty} (mrkdwn) when there are none.
         */
        public <T> Builder list(List<T> values, int most, Function<T, Item> item, String whenEmpty) {
            if (most < 1) {
                throw new IllegalArgumentException("most must be at least 1, was " + most);
            }
            if (values.isEmpty()) {
                return section(whenEmpty);
            }
            values.stream().limit(most).map(item).forEach(this::item);
            if (values.size() > most) {
                context("and " + (values.size() - most) + " more");
            }
            return this;
        }

        /** How many blocks were added so far. */
        public int size() {
            return blocks.size();
        }

        /** The view; when more than {@value #MAX_BLOCKS} blocks were added, the last one says the rest was cut. */
        public HomeTab build() {
            List<String> kept = blocks;
            if (blocks.size() > MAX_BLOCKS) {
                kept = new ArrayList<>(blocks.subList(0, MAX_BLOCKS - 1));
                kept.add("{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":" + Json.string(CUT_NOTE)
                        + "}]}");
            }
            return new HomeTab("{\"type\":\"home\",\"blocks\":[" + String.join(",", kept) + "]}", kept.size());
        }

        private static void button(StringBuilder json, Button button) {
            json.append("{\"type\":\"button\",\"action_id\":");
            Json.string(json, button.actionId());
            json.append(",\"text\":{\"type\":\"plain_text\",\"text\":");
            Json.string(json, BlockKit.truncate(oneLine(button.label()), MAX_BUTTON_CHARS));
            json.append(",\"emoji\":true},\"value\":");
            Json.string(json, button.value());
            if (button.danger()) {
                json.append(",\"style\":\"danger\"");
            }
            json.append('}');
        }

        private static String oneLine(String text) {
            String line = text.replace('\n', ' ').strip();
            return line.isEmpty() ? " " : line;
        }
    }
}
