package dev.lucy.app.settings;

import java.util.Locale;
import java.util.Optional;

/** What {@code /lucy config} sets, by the word people type. */
public enum SettingKey {
    /** Extra instructions added to the system prompt. */
    PERSONA("persona", "Extra instructions"),
    /** The model tier every answer uses, instead of the one Lucy picks per message. */
    TIER("tier", "Model tier"),
    /** The tools Lucy may use (Lucy's own, by name). */
    TOOLS("tools", "Tools"),
    /** The MCP servers whose tools Lucy may use. */
    MCP("mcp", "MCP servers"),
    /** Whether Lucy answers replies in threads it takes part in without being mentioned again. */
    JOIN_THREADS("join-threads", "Joins threads without a mention"),
    /** When Lucy posts nothing on its own (schedules and routines). */
    QUIET("quiet", "Quiet hours");

    private final String word;
    private final String label;

    SettingKey(String word, String label) {
        this.word = word;
        this.label = label;
    }

    /** The word people type and the store keeps. */
    public String word() {
        return word;
    }

    /** How the setting reads in a list. */
    public String label() {
        return label;
    }

    /** The setting a person's word names (its own word or a common other one), if any. */
    public static Optional<SettingKey> named(String typed) {
        String w = typed.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Optional.ofNullable(
                switch (w) {
                    case "persona", "instructions", "prompt" -> PERSONA;
                    case "tier", "model" -> TIER;
                    case "tools", "tool" -> TOOLS;
                    case "mcp", "mcp-servers", "servers" -> MCP;
                    case "join-threads", "threads", "join" -> JOIN_THREADS;
                    case "quiet", "quiet-hours" -> QUIET;
                    default -> null;
                });
    }

    /** Every word, for a sentence that lists them. */
    public static String words() {
        StringBuilder out = new StringBuilder();
        for (SettingKey key : values()) {
            out.append(out.isEmpty() ? "" : ", ").append(key.word);
        }
        return out.toString();
    }
}
