package dev.lucy.app;

import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackSimulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The settings of a bot started in a test: the simulator's tokens, the scripted model, data in a test folder. */
final class BotSettings {
    private BotSettings() {}

    /** As an operator would set them against {@code slack} and {@code model}, with {@code more} on top. */
    static LucyConfig against(SlackSimulator slack, ScriptedModelServer model, Path dataDir, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "SLACK_BOT_TOKEN", slack.botToken(),
                "SLACK_APP_TOKEN", slack.appToken(),
                "LUCY_SLACK_API_URL", slack.methodsUrl(),
                "LUCY_MODEL_API_KEY", "sk-test-key-for-the-scripted-server",
                "LUCY_MODEL_BASE_URL", model.baseUrl(),
                "LUCY_DATA_DIR", dataDir.toString(),
                "LUCY_OPS_PORT", "0",
                "LUCY_CONSOLE_PORT", "0"));
        env.putAll(more);
        return ConfigLoader.load(env);
    }
}
