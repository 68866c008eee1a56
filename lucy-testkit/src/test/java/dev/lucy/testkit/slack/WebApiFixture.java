package dev.lucy.testkit.slack;

import com.slack.api.methods.MethodsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fresh simulator per test and the real Slack {@link MethodsClient} pointed at it (bot token), for the tests of the
 * Web API. A subclass describes its workspace in {@link #workspace}.
 */
abstract class WebApiFixture {
    @RegisterExtension
    final SlackSimulatorExtension extension = SlackSimulatorExtension.with(this::workspace);

    @RegisterExtension
    final BoltHarness sdk = BoltHarness.on(extension);

    SlackSimulator slack;
    MethodsClient methods;

    /** The users, channels and settings of the test's workspace. */
    abstract SlackSimulator.Builder workspace(SlackSimulator.Builder builder);

    @BeforeEach
    void connect(SlackSimulator slack) {
        this.slack = slack;
        methods = sdk.methods();
    }
}
