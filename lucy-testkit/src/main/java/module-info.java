/** Lucy's testkit: loopback servers that stand in for Slack and model providers, and SPI contract tests. */
module dev.lucy.testkit {
    requires dev.lucy.core;
    requires com.fasterxml.jackson.databind;
    requires jdk.httpserver;
    requires org.java_websocket;
    requires static org.junit.jupiter.api;

    exports dev.lucy.testkit;
    exports dev.lucy.testkit.slack;
}
