package dev.lucy.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.lucy.app.slack.SlackOAuthConfig;
import dev.lucy.app.slack.SlackTransport;
import dev.lucy.app.slack.SlackWorkspaces;
import dev.lucy.store.Database;
import dev.lucy.store.Installation;
import dev.lucy.store.JdbcInstallationStore;
import dev.lucy.store.SecretBox;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link LucyApp} serves several Slack workspaces: the settings of {@link LucyApp.Builder#slackInstalls}, and the
 * wiring that routes each call to its workspace's token and learns from each event which workspace it came from.
 *
 * @param oauth the install flow's settings
 * @param box seals the workspaces' tokens at rest
 * @param publicUrl Lucy's public address, for Slack's redirect
 * @param clock the clock token expiry is read on, when not the app's
 */
record Installs(SlackOAuthConfig oauth, SecretBox box, Supplier<URI> publicUrl, Optional<Clock> clock) {
    private static final Logger log = LoggerFactory.getLogger(Installs.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a person goes to install Lucy into a workspace. */
    URI installPage() {
        String base = publicUrl.get().toString();
        return URI.create(
                (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + SlackOAuthConfig.INSTALL_PATH);
    }

    /**
     * The workspaces: the bot token's own (the first, when there is a bot token: {@code botUserId} is its bot) and those
     * installed through OAuth, stored in {@code database}.
     */
    static SlackWorkspaces workspaces(
            Installs installs, SlackTransport transport, Database database, Optional<String> botUserId) {
        Clock clock = installs.clock().orElseGet(Clock::systemUTC);
        Optional<Installation> first = botUserId.map(bot -> new Installation(
                transport.teamId(),
                bot,
                transport.config().botToken().orElseThrow(),
                Optional.empty(),
                Optional.empty(),
                "",
                clock.instant()));
        return new SlackWorkspaces(
                JdbcInstallationStore.open(database, installs.box(), clock),
                first,
                Optional.of(installs.oauth()),
                transport.slack(),
                installs.publicUrl(),
                clock);
    }

    /**
     * Reads every event, command and action for the workspace it came from before Lucy handles it, and takes {@code
     * app_uninstalled} and {@code tokens_revoked}: the workspace and its people's tool connections are forgotten at
     * once, in the database and in this process (open MCP sessions, connections and settings held in memory).
     */
    static void listen(SlackWorkspaces workspaces, SlackTransport transport, LucyEngine engine) {
        Predicate<JsonNode> then = transport.eventsFirst();
        transport.readEventsFirst(payload -> workspaces.heard(payload) || then.test(payload));
        transport.app().use((request, response, chain) -> {
            if (request instanceof EventRequest event) {
                try {
                    if (workspaces.heard(JSON.readTree(event.getRequestBodyAsString()))) {
                        return Response.ok();
                    }
                } catch (IOException e) {
                    log.debug("an event body was not JSON: {}", e.toString());
                }
            } else if (request instanceof SlashCommandRequest command) {
                var p = command.getPayload();
                workspaces.place(p.getChannelId(), p.getTeamId());
                workspaces.place(p.getUserId(), p.getTeamId());
            } else if (request instanceof BlockActionRequest action
                    && action.getPayload().getTeam() != null) {
                var p = action.getPayload();
                if (p.getChannel() != null) {
                    workspaces.place(p.getChannel().getId(), p.getTeam().getId());
                }
                if (p.getUser() != null) {
                    workspaces.place(p.getUser().getId(), p.getTeam().getId());
                }
            }
            return chain.next(request);
        });
        workspaces.onForget(workspace -> {
            JdbcInstallationStore.forgetConnections(engine.database(), workspace);
            engine.mcpServers().forgetWorkspace(workspace);
            engine.connections().refresh();
            engine.settings().forgetWorkspace(workspace);
        });
    }
}
