package dev.lucy.demo;

import dev.lucy.app.slack.SlackTransportConfig;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackSimulator;

/**
 * How the real app reaches the testkit's servers, for everything that runs {@code LucyApp} against them (the demo,
 * the load benchmark): Socket Mode and the Web API of a {@link SlackSimulator}, the chat completions of a
 * {@link ScriptedModelServer}.
 */
public final class Simulated {
    private Simulated() {}

    /** Socket Mode to the simulator, with its tokens, and its Web API. */
    public static SlackTransportConfig slack(SlackSimulator slack) {
        return SlackTransportConfig.builder()
                .botToken(slack.botToken())
                .appToken(slack.appToken())
                .webApiUrl(slack.methodsUrl())
                .build();
    }

    /** A model client for the scripted server, which needs no API key; add limits and timeouts before building. */
    public static ModelClientConfig.Builder model(ScriptedModelServer model) {
        return ModelClientConfig.builder().baseUrl(model.baseUrl()).noApiKey();
    }
}
