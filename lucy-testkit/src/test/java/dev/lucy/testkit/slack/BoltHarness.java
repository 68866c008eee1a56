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
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs real Bolt apps (Socket Mode over Java-WebSocket) against a simulator, and closes them all. Either around one
 * simulator ({@code try (BoltHarness bolt = new BoltHarness(slack))}), or registered after a
 * {@link SlackSimulatorExtension} with {@link #on}, for the running test's simulator and closed after each test.
 */
final class BoltHarness implements AutoCloseable, AfterEachCallback {
    private final Supplier<SlackSimulator> simulator;
    private final List<SocketModeApp> running = new ArrayList<>();
    private Slack sdk;

    BoltHarness(SlackSimulator slack) {
        this(() -> slack);
    }

    private BoltHarness(Supplier<SlackSimulator> simulator) {
        this.simulator = simulator;
    }

    /** For {@code @RegisterExtension}, declared after {@code extension}: Bolt on each test's simulator. */
    static BoltHarness on(SlackSimulatorExtension extension) {
        return new BoltHarness(extension::simulator);
    }

    private Slack sdk() {
        if (sdk == null) {
            SlackConfig config = new SlackConfig();
            config.setMethodsEndpointUrlPrefix(simulator.get().methodsUrl());
            sdk = Slack.getInstance(config);
        }
        return sdk;
    }

    /** The real Web API client, pointed at the simulator, with the bot token. */
    MethodsClient methods() {
        return sdk().methods(simulator.get().botToken());
    }

    MethodsClient methods(String token) {
        return sdk().methods(token);
    }

    /** Builds a Bolt app, lets the test add handlers, and connects it over Socket Mode. */
    App start(Consumer<App> handlers) throws Exception {
        SlackSimulator slack = simulator.get();
        App app = new App(AppConfig.builder()
                .singleTeamBotToken(slack.botToken())
                .slack(sdk())
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
        running.clear();
        if (sdk != null) {
            sdk.close();
            sdk = null;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }
}
