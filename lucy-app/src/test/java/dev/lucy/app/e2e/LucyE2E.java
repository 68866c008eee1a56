package dev.lucy.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.LucyApp;
import dev.lucy.app.slack.SlackApprovalPort;
import dev.lucy.app.slack.SlackTransportConfig;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import dev.lucy.testkit.slack.SlackUser;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lucy end to end, per test: the testkit's Slack simulator and scripted model server on loopback, and the real
 * {@link LucyApp} (Bolt over Socket Mode, SQLite in a fresh temporary directory) connected to them. Register it as
 * an instance field; each test gets a new workspace, model and app, closed after the test.
 *
 * <pre>{@code
 * @RegisterExtension
 * final LucyE2E lucy = LucyE2E.create();
 * }</pre>
 *
 * <p>The helpers wait for what a person in Slack would see (a reply, a reaction, a settled thread) by polling the
 * simulator with a deadline; they never sleep.
 */
final class LucyE2E implements BeforeEachCallback, AfterEachCallback {
    /** Generous: the machine running the build is small and shared. */
    static final Duration WAIT = Duration.ofSeconds(30);

    static final String CHANNEL = "general";

    private UnaryOperator<SlackSimulator.Builder> simulatorSettings = UnaryOperator.identity();
    private UnaryOperator<ScriptedModelServer.Builder> modelSettings = UnaryOperator.identity();
    private UnaryOperator<SlackTransportConfig.Builder> transportSettings = UnaryOperator.identity();
    private UnaryOperator<LucyApp.Builder> appSettings = UnaryOperator.identity();
    private UnaryOperator<ModelClientConfig.Builder> clientSettings = UnaryOperator.identity();
    private Optional<String> modelApiKey = Optional.empty();

    private ScratchDirectory data;
    private SlackSimulator slack;
    private ScriptedModelServer model;
    private LucyApp app;

    private LucyE2E() {}

    /** A workspace of alice and bob in #general, a model that answers like {@link E2EModel}, Lucy's defaults. */
    static LucyE2E create() {
        return new LucyE2E();
    }

    LucyE2E simulator(UnaryOperator<SlackSimulator.Builder> settings) {
        this.simulatorSettings = settings;
        return this;
    }

    LucyE2E modelServer(UnaryOperator<ScriptedModelServer.Builder> settings) {
        this.modelSettings = settings;
        return this;
    }

    LucyE2E transport(UnaryOperator<SlackTransportConfig.Builder> settings) {
        this.transportSettings = settings;
        return this;
    }

    /** The API key Lucy sends to the model server. Default: none. */
    LucyE2E modelApiKey(String key) {
        this.modelApiKey = Optional.of(key);
        return this;
    }

    /** Adjusts the model client's settings (timeouts, say); the base URL and key are set before. */
    LucyE2E modelClient(UnaryOperator<ModelClientConfig.Builder> settings) {
        this.clientSettings = settings;
        return this;
    }

    LucyE2E app(UnaryOperator<LucyApp.Builder> settings) {
        this.appSettings = settings;
        return this;
    }

    /**
     * Retries model failures after milliseconds, not production's seconds, for tests whose failures are scripted;
     * everything else stays as configured by default.
     */
    LucyE2E fastModelRetries() {
        return app(b -> b.resilience(ResilienceConfig.builder()
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20))
                .build()));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        data = ScratchDirectory.create("lucy-e2e-");
        slack = simulatorSettings.apply(SlackSimulator.builder()).start();
        model = modelSettings
                .apply(ScriptedModelServer.builder().script(new E2EModel()))
                .start();
        startApp();
    }

    private void startApp() {
        app = appSettings
                .apply(LucyApp.builder()
                        .slack(transportSettings
                                .apply(SlackTransportConfig.builder()
                                        .botToken(slack.botToken())
                                        .appToken(slack.appToken())
                                        .webApiUrl(slack.methodsUrl()))
                                .build())
                        .model(modelClient())
                        .dataDirectory(data.path()))
                .build()
                .start();
        slack.awaitConnections(1, WAIT);
        slack.awaitTrue("Lucy to be ready", WAIT, app::ready);
    }

    /** Stops Lucy as an operator's restart would (a graceful shutdown) and starts it again on the same data. */
    void restart() {
        app.shutdown(Duration.ofSeconds(5));
        slack.awaitTrue("Lucy to disconnect", WAIT, () -> slack.connections().isEmpty());
        startApp();
    }

    private ModelClientConfig modelClient() {
        ModelClientConfig.Builder client = ModelClientConfig.builder().baseUrl(model.baseUrl());
        modelApiKey.ifPresentOrElse(client::apiKey, client::noApiKey);
        return clientSettings.apply(client).build();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (app != null) {
                app.shutdown(Duration.ofSeconds(5));
            }
        } finally {
            try {
                if (model != null) {
                    model.close();
                }
            } finally {
                try {
                    if (slack != null) {
                        slack.close();
                    }
                } finally {
                    if (data != null) {
                        data.close();
                    }
                }
            }
        }
    }

    SlackSimulator slack() {
        return slack;
    }

    ScriptedModelServer model() {
        return model;
    }

    LucyApp app() {
        return app;
    }

    SlackUser user(String name) {
        return slack.user(name);
    }

    /** Lucy's messages in the thread of {@code asked} that people still see, oldest first. */
    List<SlackMessage> botMessages(SlackMessage asked) {
        return botMessages(slack, asked);
    }

    /** Lucy's messages in the thread of {@code asked} on {@code slack} that people still see, oldest first. */
    static List<SlackMessage> botMessages(SlackSimulator slack, SlackMessage asked) {
        return slack.thread(asked).stream()
                .filter(m -> m.fromBot() && !m.deleted())
                .toList();
    }

    /**
     * Waits for Lucy's first visible message in the thread of {@code asked} on {@code slack} whose text matches. A
     * streamed answer counts once its stream has stopped, with its final text, whether it was streamed or posted.
     */
    static SlackMessage awaitBotMessage(SlackSimulator slack, SlackMessage asked, Predicate<String> wanted) {
        return slack.await(
                "Lucy's message in the thread of \"" + asked.text() + "\"",
                WAIT,
                () -> botMessages(slack, asked).stream()
                        .filter(m -> !m.streaming() && wanted.test(m.text()))
                        .findFirst());
    }

    /**
     * Waits for Lucy's latest visible message in the thread of {@code asked} whose text matches: a posted answer, or a
     * streamed one once its stream has stopped (its final text).
     */
    SlackMessage awaitAnswer(SlackMessage asked, Predicate<String> wanted) {
        return slack.await(
                "Lucy's answer to \"" + asked.text() + "\"",
                WAIT,
                () -> botMessages(asked).stream()
                        .filter(m -> !m.streaming() && wanted.test(m.text()))
                        .max(Comparator.comparing(SlackMessage::ts)));
    }

    /** Waits for the message in the thread of {@code asked} that carries the approval buttons. */
    SlackMessage awaitApprovalButtons(SlackMessage asked) {
        return slack.await(
                "the approval buttons",
                WAIT,
                () -> botMessages(asked).stream()
                        .filter(m -> m.blocks().orElse("").contains(SlackApprovalPort.APPROVE))
                        .findFirst());
    }

    /**
     * Waits for Lucy to answer {@code asked} and to settle, checks that it answered once and plainly, and returns
     * the answer's text.
     */
    String awaitOnlyPlainAnswer(SlackMessage asked) {
        slack.awaitTrue("Lucy to answer", WAIT, () -> !botMessages(asked).isEmpty());
        awaitSettled();
        List<SlackMessage> answers = botMessages(asked);
        assertThat(answers).hasSize(1);
        assertPlain(answers.get(0).text());
        return answers.get(0).text();
    }

    /**
     * Waits until Lucy has nothing running or queued and Slack has every envelope acknowledged, so a count taken
     * afterwards is final: a duplicate answer would have been posted by then.
     */
    void awaitSettled() {
        slack.awaitTrue("Lucy to finish every run", WAIT, () -> {
            var stats = app.engine().runtime().stats();
            return stats.running() == 0 && stats.queued() == 0 && slack.unackedEnvelopes() == 0;
        });
    }

    /** Waits until Lucy offers the tool {@code name}; {@code what} says what is awaited when it never comes. */
    void awaitTool(String what, String name) {
        slack.awaitTrue(
                what, WAIT, () -> app.engine().tools().registry().find(name).isPresent());
    }

    /** Waits for Lucy's reaction on {@code message} and returns the emoji's name. */
    String awaitReaction(SlackMessage message) {
        return slack.await(
                "Lucy's reaction on \"" + message.text() + "\"",
                WAIT,
                () -> botReactions(message).stream().findFirst());
    }

    /** The emoji Lucy has on {@code message} now. */
    List<String> botReactions(SlackMessage message) {
        return slack.message(message.channel(), message.ts()).stream()
                .flatMap(m -> m.reactions().entrySet().stream())
                .filter(e -> e.getValue().contains(slack.botUserId()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The model request that answered the person's {@code text}, the first one. */
    Optional<dev.lucy.testkit.model.ModelRequest> modelRequestFor(String text) {
        return model.requests().stream()
                .filter(r -> r.lastUserText().orElse("").contains(text))
                .findFirst();
    }

    /** What a person must never see in an answer: stack traces, internals, secrets. */
    static void assertPlain(String text) {
        assertThat(text)
                .as("what the person sees")
                .isNotBlank()
                .doesNotContainPattern("\\bat [a-z]+\\.[a-zA-Z.$]+\\(")
                .doesNotContain("Exception")
                .doesNotContain("dev.lucy")
                .doesNotContain("xoxb-")
                .doesNotContain("xapp-")
                .doesNotContain("127.0.0.1")
                .doesNotContain("server_error")
                .doesNotContain("HTTP 5");
    }
}
