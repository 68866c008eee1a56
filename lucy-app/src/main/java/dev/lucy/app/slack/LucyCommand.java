package dev.lucy.app.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.lucy.app.settings.ConfigCommand;
import dev.lucy.core.Caller;
import dev.lucy.core.runtime.LucyRuntime;
import dev.lucy.core.runtime.Task;
import dev.lucy.memory.Fact;
import dev.lucy.memory.MemoryAdmin;
import dev.lucy.tools.Connections;
import dev.lucy.tools.McpOAuth;
import dev.lucy.tools.McpServerConfig;
import dev.lucy.tools.McpServers;
import dev.lucy.tools.ScheduleTools;
import dev.lucy.tools.spi.ConnectionResolver;
import dev.lucy.tools.spi.ToolException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /lucy} slash command: {@code help}, {@code status}, {@code schedules}, {@code forget <what>},
 * {@code connect <provider>}, {@code disconnect <provider>}, {@code config ...} (see {@link ConfigCommand}).
 * Answers are ephemeral (only the person who ran it sees them). Help is the ack's body; the others touch stores,
 * so the command is acknowledged at once and answered through the {@code response_url}.
 */
final class LucyCommand {
    static final String NAME = "/lucy";

    private static final String HELP_TEMPLATE = """
            I'm Lucy, an AI coworker. Mention me (@Lucy) in a channel or write to me directly: I answer questions, \
            use the tools your team connected, remember what you tell me ("remember that ...") and run longer \
            jobs in the background. In a thread I'm part of, just reply; no need to mention me again.
            Commands:
            • `%1$s help`: this message
            • `%1$s status`: your background tasks
            • `%1$s schedules`: your schedules, with buttons to pause or delete them
            • `%1$s forget <what>`: forget something I remembered, for example `%1$s forget our Q1 target`
            • `%1$s connect <service>`: connect a service such as GitHub or Zendesk
            • `%1$s disconnect <service>`: stop Lucy using your account there
            • `%1$s config`: this channel's settings (model tier, tools, persona, quiet hours); \
            channel creators and workspace admins change them (`%1$s config help`)""";

    static final String SCHEDULE_PAUSE = "lucy_schedule_pause";
    static final String SCHEDULE_DELETE = "lucy_schedule_delete";

    static final String FAILED = "Sorry, that did not work on my side. Please try again in a moment.";

    private static final Logger LOG = LoggerFactory.getLogger(LucyCommand.class);

    private final String name;
    private final String help;
    private final LucyRuntime runtime;
    private final Optional<MemoryAdmin> memory;
    private final Optional<Connections> connections;
    private final Optional<ScheduleTools> schedules;
    private final McpServers mcpServers;
    private final Clock clock;
    private final Optional<ConfigCommand> config;

    LucyCommand(
            String name,
            LucyRuntime runtime,
            Optional<MemoryAdmin> memory,
            Optional<Connections> connections,
            Optional<ScheduleTools> schedules,
            McpServers mcpServers,
            Clock clock,
            Optional<ConfigCommand> config) {
        this.config = config;
        this.name = name;
        this.help = HELP_TEMPLATE.formatted(name);
        this.runtime = runtime;
        this.memory = memory;
        this.connections = connections;
        this.schedules = schedules;
        this.mcpServers = mcpServers;
        this.clock = clock;
    }

    Response handle(SlashCommandPayload payload, SlashCommandContext ctx, Executor executor) {
        String text = payload.getText() == null ? "" : payload.getText().trim();
        int space = text.indexOf(' ');
        String sub = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String argument = space < 0 ? "" : text.substring(space + 1).trim();
        if (!sub.equals("status")
                && !sub.equals("forget")
                && !sub.equals("connect")
                && !sub.equals("disconnect")
                && !sub.equals("schedules")
                && !sub.equals("config")) {
            return ctx.ack(help);
        }
        if (payload.getTeamId() == null || payload.getUserId() == null || payload.getChannelId() == null) {
            LOG.warn("a /lucy command without team, user or channel");
            return ctx.ack(FAILED);
        }
        // A command is not in a thread: its conversation is the channel it was run in.
        Caller caller = new Caller(payload.getTeamId(), payload.getUserId(), payload.getChannelId());
        try {
            executor.execute(() -> {
                try {
                    if (sub.equals("schedules") && schedules.isPresent()) {
                        List<LayoutBlock> blocks = scheduleBlocks(caller);
                        ctx.respond(r -> r.responseType("ephemeral")
                                .text("Your schedules")
                                .blocks(blocks));
                        return;
                    }
                    String answer = sub.equals("config")
                            ? config.map(c -> c.answer(
                                            caller.workspaceId(), caller.conversationId(), caller.userId(), argument))
                                    .orElse("Settings are not set up here.")
                            : answer(sub, argument, caller);
                    ctx.respond(answer);
                } catch (Exception e) {
                    LOG.warn("the answer to /lucy {} could not be sent", sub, e);
                }
            });
        } catch (RejectedExecutionException e) {
            return ctx.ack("I'm restarting. Please try again in a minute.");
        }
        return ctx.ack();
    }

    /** The answer to one subcommand; a failure is logged and answered plainly. */
    String answer(String sub, String argument, Caller caller) {
        try {
            return switch (sub) {
                case "status" -> status(caller);
                case "forget" -> forget(caller, argument);
                case "connect" -> connect(caller, argument);
                case "disconnect" -> disconnect(caller, argument);
                case "schedules" -> "Schedules are not set up here.";
                default -> help;
            };
        } catch (RuntimeException e) {
            LOG.error("/lucy {} failed for {} in {}", sub, caller.userId(), caller.workspaceId(), e);
            return FAILED;
        }
    }

    private String status(Caller caller) {
        List<Task> tasks = runtime.tasksOf(caller.workspaceId(), caller.userId());
        if (tasks.isEmpty()) {
            return "You have no background tasks running.";
        }
        StringBuilder out = new StringBuilder(
                tasks.size() == 1 ? "Your background task:" : "Your " + tasks.size() + " background tasks:");
        for (Task task : tasks) {
            out.append("\n• ")
                    .append(shorten(task.request()))
                    .append(": ")
                    .append(task.state().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(", started ")
                    .append(age(Duration.between(task.createdAt(), clock.instant())))
                    .append(" ago");
            if (!task.progress().isBlank()) {
                out.append(" (").append(shorten(task.progress())).append(')');
            }
        }
        return out.toString();
    }

    /** The person's schedules, each in words with its next times and Pause and Delete buttons. */
    List<LayoutBlock> scheduleBlocks(Caller caller) {
        List<ScheduleTools.View> own;
        try {
            own = schedules.orElseThrow().listSchedules(caller).stream()
                    .filter(v -> v.creator().equals(caller.userId()))
                    .toList();
        } catch (RuntimeException e) {
            LOG.error("/lucy schedules failed for {} in {}", caller.userId(), caller.workspaceId(), e);
            return List.of(section(s -> s.text(markdownText(FAILED))));
        }
        if (own.isEmpty()) {
            return List.of(section(s -> s.text(markdownText("You have no schedules. Ask me, for example: \"every"
                    + " Monday at 9, post the open tasks of Launch here\"."))));
        }
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(
                s -> s.text(markdownText(own.size() == 1 ? "Your schedule:" : "Your " + own.size() + " schedules:"))));
        for (ScheduleTools.View view : own) {
            blocks.add(section(s -> s.text(markdownText("*" + shorten(view.instruction()) + "*\n" + view.summary()))));
            List<BlockElement> buttons = new ArrayList<>();
            if (view.state().equals("active")) {
                buttons.add(button(
                        b -> b.actionId(SCHEDULE_PAUSE).text(plainText("Pause")).value(view.id())));
            }
            buttons.add(button(b -> b.actionId(SCHEDULE_DELETE)
                    .text(plainText("Delete"))
                    .style("danger")
                    .value(view.id())));
            blocks.add(actions(a -> a.elements(buttons)));
        }
        return blocks;
    }

    /** A click on a schedule's Pause or Delete button, answered in words. */
    String scheduleClick(String actionId, String scheduleId, Caller caller) {
        if (schedules.isEmpty()) {
            return "Schedules are not set up here.";
        }
        try {
            return switch (actionId) {
                case SCHEDULE_PAUSE ->
                    "Paused: "
                            + schedules.get().pauseSchedule(caller, scheduleId).summary();
                case SCHEDULE_DELETE -> schedules.get().deleteSchedule(caller, scheduleId);
                default -> FAILED;
            };
        } catch (ToolException e) {
            return switch (e.error()) {
                case NOT_FOUND -> "That schedule is gone already.";
                case FATAL -> "Only the person who made that schedule or a workspace admin can change it.";
                default -> "That did not work: the schedule changed at the same moment. Please try again.";
            };
        } catch (RuntimeException e) {
            LOG.error("a schedule button failed for {} in {}", caller.userId(), caller.workspaceId(), e);
            return FAILED;
        }
    }

    private String forget(Caller caller, String what) {
        if (memory.isEmpty()) {
            return "I have no memory set up here, so there is nothing to forget.";
        }
        if (what.isBlank()) {
            return "Tell me what to forget, for example `" + name + " forget our Q1 target`.";
        }
        List<Fact> forgotten = memory.get().forgetMatching(caller, what);
        if (forgotten.isEmpty()) {
            return "I found nothing I remember about \"" + shorten(what) + "\", so nothing was forgotten.";
        }
        StringBuilder out = new StringBuilder(
                forgotten.size() == 1 ? "Forgotten:" : "Forgotten (" + forgotten.size() + " things):");
        for (Fact fact : forgotten) {
            out.append("\n• ").append(shorten(fact.text()));
        }
        return out.toString();
    }

    private String connect(Caller caller, String provider) {
        List<String> servers = mcpServers.serversFor(caller);
        Optional<McpServerConfig> personal = mcpServers
                .config(provider)
                .filter(McpServerConfig::personal)
                .filter(server -> servers.contains(server.name()));
        if (personal.isPresent()) {
            return connectPersonal(caller, personal.get());
        }
        if (servers.contains(provider)) {
            return provider + " is already connected for everyone here: just ask me to use it.";
        }
        if (connections.isPresent() && !provider.isBlank()) {
            return switch (connections.get().status(caller, provider)) {
                case ConnectionResolver.Connected c -> provider + " is already connected.";
                case ConnectionResolver.Missing missing ->
                    "Connect " + missing.provider() + " here: <" + missing.connectUrl() + "|connect "
                            + missing.provider() + ">";
            };
        }
        // Nothing here is connected person by person: say what there is and how a service is added, never a link
        // that leads nowhere.
        List<String> shared = servers.stream()
                .filter(server -> mcpServers
                        .config(server)
                        .filter(McpServerConfig::personal)
                        .isEmpty())
                .toList();
        List<String> own =
                servers.stream().filter(server -> !shared.contains(server)).toList();
        String there = shared.isEmpty() && own.isEmpty()
                ? "Besides my own tools, no services are connected here."
                : shared.isEmpty() ? "" : "Connected here for everyone: " + String.join(", ", shared) + ".";
        if (!own.isEmpty()) {
            there = (there.isEmpty() ? "" : there + " ") + "Each person connects their own account to: "
                    + String.join(", ", own) + " (for example `" + name + " connect " + own.getFirst() + "`).";
        } else if (!shared.isEmpty()) {
            there = there + " There is nothing to connect.";
        }
        String asked = provider.isBlank() ? "" : "I have no service called \"" + shorten(provider) + "\" to connect. ";
        return asked + there + " To add a service, ask whoever runs Lucy to add its MCP server to Lucy's MCP"
                + " config (see \"Connect your tools\" in Lucy's docs).";
    }

    /** A link of the person's own to sign in to {@code server}, or why there is none. */
    private String connectPersonal(Caller caller, McpServerConfig server) {
        Optional<McpOAuth> oauth = mcpServers.oauth();
        if (oauth.isEmpty()) {
            return server.name() + " needs each person to sign in, and sign-in is not set up here (it needs Lucy's"
                    + " HTTP endpoint). Please tell whoever runs Lucy.";
        }
        if (oauth.get().connected(caller, server.name())) {
            return "You have connected " + server.name() + " already: just ask me to use it. To use another account,"
                    + " run `" + name + " disconnect " + server.name() + "` first.";
        }
        return switch (oauth.get().begin(caller, server)) {
            case McpOAuth.Link link ->
                "Connect " + server.name() + " with your own account: <" + link.uri() + "|sign in to " + server.name()
                        + ">. The link is yours alone and works for "
                        + link.validFor().toMinutes() + " minutes.";
            case McpOAuth.Refused refused -> refused.reason();
        };
    }

    private String disconnect(Caller caller, String provider) {
        if (provider.isBlank()) {
            return "Tell me which service to disconnect, for example `" + name + " disconnect github`.";
        }
        return mcpServers
                .disconnect(caller, provider)
                .map(done -> !done.removed()
                        ? "You had not connected " + provider + ", so there was nothing to disconnect."
                        : "Disconnected " + provider + ": I no longer use your account there"
                                + (done.revoked() ? ", and " + provider + " has cancelled my access." : "."))
                .orElseGet(() -> "\"" + shorten(provider) + "\" is not a service you connect yourself, so there is"
                        + " nothing to disconnect.");
    }

    private static String shorten(String text) {
        String oneLine = text.replace('\n', ' ').strip();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 119) + "…";
    }

    /** How long {@code d} is, in the words /lucy status and the Home tab use. */
    static String age(Duration d) {
        if (d.toMinutes() < 1) {
            return "less than a minute";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h";
        }
        return d.toDays() + " days";
    }
}
