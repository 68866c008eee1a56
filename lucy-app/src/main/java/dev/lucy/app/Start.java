package dev.lucy.app;

import dev.lucy.app.config.LucyConfig;

/**
 * What {@code ./lucy} without a command does with the configuration it found. The bot runs whenever Slack
 * credentials are set and a model can be asked: a key, or a model server that needs none. With Slack credentials
 * and no model it stops, since every message would fail. Without Slack credentials a person at a terminal gets the
 * demo; any other start (a container, a service manager, a script) stops, so that a deployment missing a secret
 * fails with one line naming it instead of playing a simulation and exiting 0.
 */
sealed interface Start {

    /** Runs the Slack bot. */
    record RunBot() implements Start {}

    /** Plays the demo, saying that Slack credentials are missing. */
    record PlayDemo() implements Start {}

    /** Stops before anything starts; {@code reason} is the one line that says what to set. */
    record Stop(String reason) implements Start {}

    static Start decide(LucyConfig config, boolean interactive) {
        if (config.hasSlackCredentials()) {
            return config.hasModelServer()
                    ? new RunBot()
                    : new Stop("no model to ask: set OPENROUTER_API_KEY, OPENAI_API_KEY or LUCY_MODEL_API_KEY, or"
                            + " OPENAI_BASE_URL or LUCY_MODEL_BASE_URL for a model server that needs no key"
                            + " (docs/configuration.md)");
        }
        return interactive
                ? new PlayDemo()
                : new Stop("no Slack credentials: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN to run the bot"
                        + " (docs/getting-started.md); ./lucy demo plays the demo");
    }
}
