package dev.lucy.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.LucyApp;
import dev.lucy.app.Main;
import dev.lucy.app.slack.SlackTransportConfig;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lucy} with Slack and model credentials in a child JVM on the test's class path, against the simulator
 * and the model server, so a test can stop it with a real SIGTERM or SIGKILL. Its output goes to {@code bot.out}
 * and {@code bot.log} in {@code directory}.
 */
final class BotProcess {
    static final String MODEL_KEY = "sk-test-restart";

    private final Process process;
    private final Path directory;

    private BotProcess(Process process, Path directory) {
        this.process = process;
        this.directory = directory;
    }

    /** Starts the bot with its data in {@code directory/data} and {@code settings} on top of the defaults. */
    static BotProcess start(
            Path directory, SlackSimulator slack, ScriptedModelServer model, Map<String, String> settings)
            throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                        java.toString(),
                        "-Xmx384m",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName())
                .redirectOutput(directory.resolve("bot.out").toFile())
                .redirectError(directory.resolve("bot.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name -> name.startsWith("SLACK_")
                        || name.startsWith("LUCY_")
                        || name.startsWith("OPENROUTER_")
                        || name.startsWith("OPENAI_"));
        env.put("SLACK_BOT_TOKEN", slack.botToken());
        env.put("SLACK_APP_TOKEN", slack.appToken());
        env.put("LUCY_SLACK_API_URL", slack.methodsUrl());
        env.put("LUCY_MODEL_BASE_URL", model.baseUrl().toString());
        env.put("LUCY_MODEL_API_KEY", MODEL_KEY);
        env.put("LUCY_DATA_DIR", directory.resolve("data").toString());
        env.put("LUCY_OPS_PORT", "off");
        env.put("LUCY_CONSOLE_PORT", "off");
        env.put("LUCY_LOG_FORMAT", "text");
        env.putAll(settings);
        return new BotProcess(builder.start(), directory);
    }

    /** Lucy in this JVM against the same simulator and model server, with the key the child process sends. */
    static LucyApp.Builder inThisJvm(SlackSimulator slack, ScriptedModelServer model) {
        return LucyApp.builder()
                .slack(SlackTransportConfig.builder()
                        .botToken(slack.botToken())
                        .appToken(slack.appToken())
                        .webApiUrl(slack.methodsUrl())
                        .build())
                .model(ModelClientConfig.builder()
                        .baseUrl(model.baseUrl())
                        .apiKey(MODEL_KEY)
                        .build());
    }

    Process process() {
        return process;
    }

    /** SIGKILL, sent with kill(1) as the operating system's OOM killer or a crash would end the process. */
    void kill() throws Exception {
        assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(process.pid()))
                        .start()
                        .waitFor())
                .isZero();
        assertThat(process.waitFor(LucyE2E.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /** Kills it if it still runs (a test's clean-up). */
    void destroy() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A test's clean-up: {@code child} killed if it still runs, {@code inJvm} shut down, then {@code servers} closed
     * whatever happened before; either bot may be null when the test did not get as far as starting it.
     */
    static void stop(BotProcess child, LucyApp inJvm, AutoCloseable... servers) throws Exception {
        try {
            if (child != null) {
                child.destroy();
            }
            if (inJvm != null) {
                inJvm.shutdown(Duration.ofSeconds(5));
            }
        } finally {
            for (AutoCloseable server : servers) {
                server.close();
            }
        }
    }

    String log() throws IOException {
        return Files.readString(directory.resolve("bot.log"));
    }
}
