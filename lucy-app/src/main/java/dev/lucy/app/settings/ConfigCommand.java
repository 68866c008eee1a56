package dev.lucy.app.settings;

import dev.lucy.core.runtime.SettingsStore.Change;
import dev.lucy.core.runtime.SettingsStore.Scope;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /lucy config}: shows the settings in effect where it is run and where each comes from, and lets a workspace's
 * admins change the workspace's and a channel's managers the channel's:
 * {@code /lucy config [here|workspace] KEY VALUE}, {@code ... reset KEY}, {@code /lucy config help},
 * {@code /lucy config history}. Every answer is a sentence for the person who ran it; thread safe, blocking.
 */
public final class ConfigCommand {
    static final String FAILED = "Sorry, that did not work on my side. Please try again in a moment.";
    private static final int HISTORY = 10;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
    private static final Logger LOG = LoggerFactory.getLogger(ConfigCommand.class);

    private final String command;
    private final ConversationSettings settings;
    private final Managers managers;

    /** {@code command} is how the slash command is called, {@code /lucy} by default. */
    public ConfigCommand(String command, ConversationSettings settings, Managers managers) {
        this.command = Objects.requireNonNull(command, "command") + " config";
        this.settings = Objects.requireNonNull(settings, "settings");
        this.managers = Objects.requireNonNull(managers, "managers");
    }

    /** The answer to {@code /lucy config ARGUMENT} run by {@code userId} in {@code channelId}. */
    public String answer(String workspaceId, String channelId, String userId, String argument) {
        try {
            return answerOrThrow(workspaceId, channelId, userId, argument.strip());
        } catch (RuntimeException e) {
            LOG.error("/lucy config failed for {} in {}", userId, workspaceId, e);
            return FAILED;
        }
    }

    private String answerOrThrow(String workspaceId, String channelId, String userId, String argument) {
        String[] first = split(argument);
        Scope scope = Scope.channel(workspaceId, channelId);
        String rest = argument;
        switch (first[0].toLowerCase(Locale.ROOT)) {
            case "" -> {
                return show(workspaceId, channelId);
            }
            case "help" -> {
                return help();
            }
            case "history" -> {
                return history(workspaceId);
            }
            case "here", "channel" -> rest = first[1];
            case "workspace" -> {
                scope = Scope.workspace(workspaceId);
                rest = first[1];
            }
            default -> {}
        }
        String[] keyAndValue = split(rest);
        if (keyAndValue[0].isEmpty()) {
            return show(workspaceId, channelId);
        }
        boolean reset = keyAndValue[0].equalsIgnoreCase("reset");
        String keyWord = reset ? split(keyAndValue[1])[0] : keyAndValue[0];
        Optional<SettingKey> key = SettingKey.named(keyWord);
        if (key.isEmpty()) {
            return (keyWord.isEmpty()
                            ? "Say which setting, "
                            : "I have no setting called \"" + shorten(keyWord) + "\". ")
                    + "The settings are: " + SettingKey.words() + ". `" + command + " help` explains each.";
        }
        Optional<String> refused = refusal(scope, userId);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (reset) {
            Change change = settings.change(scope, key.get(), Optional.empty(), userId);
            return change.changed()
                    ? "Reset. " + key.get().label() + " " + where(scope) + " now " + inEffect(scope, key.get()) + "."
                    : key.get().label() + " was not set " + where(scope) + ", so there was nothing to reset.";
        }
        return switch (settings.parse(scope, key.get(), keyAndValue[1])) {
            case ConversationSettings.Parsed.Invalid invalid -> invalid.why();
            case ConversationSettings.Parsed.Valid valid -> {
                Change change = settings.change(scope, key.get(), Optional.of(valid.stored()), userId);
                String now = key.get().label() + " " + where(scope) + ": " + words(key.get(), valid.stored()) + ".";
                String was = change.changed()
                        ? " (Before: "
                                + change.before().map(v -> words(key.get(), v)).orElse("not set") + ".)"
                        : " (It already was.)";
                yield now + was + consequence(scope, key.get());
            }
        };
    }

    private Optional<String> refusal(Scope scope, String userId) {
        if (scope.isWorkspace()) {
            return managers.managesWorkspace(scope.workspaceId(), userId)
                    ? Optional.empty()
                    : Optional.of("Only a workspace admin or owner can change the workspace's settings. `" + command
                            + "` shows them.");
        }
        return managers.managesChannel(scope.workspaceId(), scope.channelId(), userId)
                ? Optional.empty()
                : Optional.of("Only the person who created this channel or a workspace admin can change its settings."
                        + " `" + command + "` shows them.");
    }

    /** What a change means beyond its value, when that is not obvious. */
    private String consequence(Scope scope, SettingKey key) {
        return switch (key) {
            case QUIET ->
                " In these hours I post nothing on my own: repeating schedules and routines due then are skipped"
                        + " until their next time. One-off reminders still go out, and people who ask me still get"
                        + " answers.";
            case TOOLS, MCP -> scope.isWorkspace() ? " Channels can narrow this further, never widen it." : "";
            case JOIN_THREADS -> "";
            case TIER, PERSONA -> "";
        };
    }

    private String inEffect(Scope scope, SettingKey key) {
        ChannelSettings effective = settings.effective(scope.workspaceId(), scope.channelId());
        return "is " + effectiveWords(effective, key) + " ("
                + effective.source(key).words() + ")";
    }

    private String show(String workspaceId, String channelId) {
        ChannelSettings effective = settings.effective(workspaceId, channelId);
        StringBuilder out = new StringBuilder("Settings in effect in <#" + channelId + ">:");
        for (SettingKey key : SettingKey.values()) {
            out.append("\n• ")
                    .append(key.label())
                    .append(": ")
                    .append(effectiveWords(effective, key))
                    .append(" (")
                    .append(effective.source(key).words())
                    .append(')');
        }
        out.append("\nA channel's setting wins over the workspace's. `")
                .append(command)
                .append(" help` says how to change them.");
        return out.toString();
    }

    private static String effectiveWords(ChannelSettings s, SettingKey key) {
        return switch (key) {
            case PERSONA -> s.instructions().map(i -> "\"" + shorten(i) + "\"").orElse("none");
            case TIER -> s.tier().map(t -> t.name().toLowerCase(Locale.ROOT)).orElse("picked per message");
            case TOOLS -> s.tools().map(ConfigCommand::listWords).orElse("all");
            case MCP -> s.mcpServers().map(ConfigCommand::listWords).orElse("all");
            case JOIN_THREADS -> s.joinThreads() ? "on" : "off, only when mentioned";
            case QUIET -> s.quietHours().map(QuietHours::toString).orElse("none");
        };
    }

    private static String words(SettingKey key, String stored) {
        return switch (key) {
            case PERSONA -> "\"" + shorten(stored) + "\"";
            case TOOLS, MCP -> "only " + listWords(ConversationSettings.list(stored));
            case JOIN_THREADS -> stored.equals("on") ? "on" : "off, only when mentioned";
            case TIER, QUIET -> stored;
        };
    }

    private static String listWords(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names));
    }

    private String history(String workspaceId) {
        List<Change> changes = settings.history(workspaceId, HISTORY);
        if (changes.isEmpty()) {
            return "Nobody has changed a setting here yet.";
        }
        StringBuilder out = new StringBuilder("The latest changes:");
        for (Change c : changes) {
            SettingKey key = SettingKey.named(c.key()).orElse(SettingKey.PERSONA);
            out.append("\n• ")
                    .append(WHEN.format(c.at().atOffset(ZoneOffset.UTC)))
                    .append(", <@")
                    .append(c.changedBy())
                    .append(">, ")
                    .append(
                            c.scope().isWorkspace()
                                    ? "workspace"
                                    : "<#" + c.scope().channelId() + ">")
                    .append(", ")
                    .append(key.label().toLowerCase(Locale.ROOT))
                    .append(": ")
                    .append(c.before().map(v -> words(key, v)).orElse("not set"))
                    .append(" → ")
                    .append(c.after().map(v -> words(key, v)).orElse("not set"));
        }
        return out.toString();
    }

    private String help() {
        String c = command;
        return "`" + c + "` shows the settings in effect in this channel and where each comes from. A channel's"
                + " creator and workspace admins change the channel's settings; workspace admins and owners change"
                + " the workspace's. A channel's setting wins over the workspace's, which wins over Lucy's defaults.\n"
                + "• `" + c + " tier frontier`: the model tier every answer here uses: fast, default or frontier"
                + " (unset, I pick one per message)\n"
                + "• `" + c + " tools search_web,create_task`: only these tools (`none` for no tools)\n"
                + "• `" + c + " mcp github`: only these MCP servers' tools (`none` for none)\n"
                + "• `" + c + " persona \"You are ...\"`: instructions added to my own\n"
                + "• `" + c + " join-threads off`: in threads, answer only when mentioned\n"
                + "• `" + c + " quiet 22:00-07:00 Europe/Paris`: no scheduled posts in these hours\n"
                + "• `" + c + " reset tier`: back to the workspace's setting, or my default\n"
                + "• `" + c + " history`: the latest changes, who made them and when\n"
                + "Put `workspace` after `config` to change the workspace's setting instead of this channel's, for"
                + " example `" + c + " workspace tier fast`.";
    }

    private static String where(Scope scope) {
        return scope.isWorkspace() ? "for the workspace" : "in <#" + scope.channelId() + ">";
    }

    /** The first word and the rest. */
    private static String[] split(String text) {
        String t = text.strip();
        int space = indexOfSpace(t);
        return space < 0
                ? new String[] {t, ""}
                : new String[] {t.substring(0, space), t.substring(space + 1).strip()};
    }

    private static int indexOfSpace(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String shorten(String text) {
        String oneLine = text.replace('\n', ' ').strip();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 119) + "…";
    }
}
