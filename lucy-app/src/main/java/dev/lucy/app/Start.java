package dev.lucy.app;

import dev.lucy.app.config.LucyConfig;
import java.util.Optional;

/**
 * What {@code ./lucy} without a command does with the configuration it found. The bot runs whenever Slack
 * credentials are set and a model can be asked: a key, or a model server that needs none. With Slack credentials
 * and no model it stops, since every message would fail. Without Slack credentials, {@code ./lucy} from a checkout
 * (whose jar ships the demo) and a person at a terminal get the demo; the bot's own jar started any other way (a
 * container, a service manager) stops, so that a deployment missing a secret fails with one line naming it instead of
 * exiting 0.
 */
sealed interface Start {

    /** Runs the Slack bot. */
    record RunBot() implements Start {}

    /** Plays the demo, saying that Slack credentials are missing. */
    record PlayDemo() implements Start {}

    /** Stops before anything starts; {@code reason} is the one line that says what to set. */
    record Stop(String reason) implements Start {}

    /**
     * A warning when the bot would ask a server other than OpenRouter for OpenRouter's name of the default model
     * ({@code openai/gpt-4o-mini}), which such a server most likely does not know: every answer would fail.
     */
    static Optional<String> modelWarning(LucyConfig config) {
        boolean openRouter = LucyConfig.DEFAULT_MODEL_BASE_URL
                .getHost()
                .equalsIgnoreCase(config.modelBaseUrl().getHost());
        if (openRouter || !config.model().equals(LucyConfig.DEFAULT_MODEL)) {
            return Optional.empty();
        }
        return Optional.of("LUCY_MODEL is not set, so Lucy asks " + config.modelBaseUrl() + " for "
                + LucyConfig.DEFAULT_MODEL + ", OpenRouter's name for its default model; set LUCY_MODEL to a model"
                + " that server serves (docs/configuration.md)");
    }

    /** {@code demoFirst}: without Slack credentials, play the demo rather than stop. */
    static Start decide(LucyConfig config, boolean demoFirst) {
        if (config.hasSlackCredentials()) {
            return config.hasModelServer()
                    ? new RunBot()
                    : new Stop("no model to ask: set OPENROUTER_API_KEY, OPENAI_API_KEY or LUCY_MODEL_API_KEY, or"
                            + " OPENAI_BASE_URL or LUCY_MODEL_BASE_URL for a model server that needs no key"
                            + " (docs/configuration.md)");
        }
        return demoFirst
                ? new PlayDemo()
                : new Stop("no Slack credentials: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN to run the bot"
                        + " (docs/getting-started.md); ./lucy demo plays the demo");
    }
}
