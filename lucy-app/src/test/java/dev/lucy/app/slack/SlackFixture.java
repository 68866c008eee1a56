package dev.lucy.app.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.time.Instant;
import java.util.function.UnaryOperator;

/** A simulated Slack workspace on loopback, a fake clock both sides share, and a real MethodsClient. */
final class SlackFixture implements AutoCloseable {
    final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T09:00:00Z"));
    final SlackSimulator slack;
    final Slack sdk;
    final MethodsClient methods;
    final SlackWebApi web;

    SlackFixture() {
        this(b -> b);
    }

    SlackFixture(UnaryOperator<SlackSimulator.Builder> configure) {
        this.slack = configure.apply(SlackSimulator.builder().clock(clock)).start();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.methodsUrl());
        this.sdk = Slack.getInstance(config);
        this.methods = sdk.methods(slack.botToken());
        this.web = SlackWebApi.create(slack.methodsUrl(), slack.botToken(), SlackCallObserver.ignoring());
    }

    /** Whoever wrote {@code message}, in its thread: the caller Lucy would serve for a reply there. */
    Caller callerInThreadOf(SlackMessage message) {
        return new Caller(
                slack.teamId(),
                message.user().orElseThrow(),
                SlackConversation.of(message.channel(), message.ts(), null).id());
    }

    /** A port on the fake clock: pacing and Retry-After move the clock instead of waiting. */
    SlackPort.Builder port() {
        return SlackPort.builder(methods, web).clock(clock).sleeper(clock);
    }

    @Override
    public void close() throws Exception {
        try {
            sdk.close();
        } finally {
            slack.close();
        }
    }
}
