package dev.lucy.testkit.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.MethodsClient;
import com.slack.api.socket_mode.SocketModeClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs real Bolt apps (Socket Mode over Java-WebSocket) against a simulator, and closes them all. */
final class BoltHarness implements AutoCloseable {
    private final SlackSimulator slack;
    private final Slack sdk;
    private final List<SocketModeApp> running = new ArrayList<>();

    BoltHarness(SlackSimulator slack) {
        this.slack = slack;
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.methodsUrl());
        this.sdk = Slack.getInstance(config);
    }

    /** The real Web API client, pointed at the simulator, with the bot token. */
    MethodsClient methods() {
        return sdk.methods(slack.botToken());
    }

    MethodsClient methods(String token) {
        return sdk.methods(token);
    }

    /** Builds a Bolt app, lets the test add handlers, and connects it over Socket Mode. */
    App start(Consumer<App> handlers) throws Exception {
        App app = new App(AppConfig.builder()
                .singleTeamBotToken(slack.botToken())
                .slack(sdk)
                .build());
        handlers.accept(app);
        SocketModeApp socketMode = new SocketModeApp(slack.appToken(), SocketModeClient.Backend.JavaWebSocket, app);
        running.add(socketMode);
        socketMode.startAsync();
        return app;
    }

    @Override
    public void close() throws Exception {
        for (SocketModeApp app : running) {
            SocketModeClient client = app.getClient();
            if (client != null) {
                client.close();
            }
            app.getApp().stop();
        }
        sdk.close();
    }
}
