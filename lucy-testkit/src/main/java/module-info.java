/** Lucy's testkit: loopback servers that stand in for model providers and Slack, and SPI contract tests. */
module dev.lucy.testkit {
    // The model server's API speaks in core's message types and exposes requests as Jackson trees.
    requires transitive dev.lucy.core;
    requires transitive com.fasterxml.jackson.databind;
    requires jdk.httpserver;
    requires org.java_websocket;
    requires static org.junit.jupiter.api;
    // The tests, compiled into this module, talk to the servers with the JDK HTTP client.
    requires static java.net.http;

    exports dev.lucy.testkit;
    exports dev.lucy.testkit.model;
    exports dev.lucy.testkit.slack;
}
