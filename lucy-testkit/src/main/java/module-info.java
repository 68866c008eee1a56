/** Lucy's testkit: loopback servers that behave like a model provider and like Slack, and SPI contract tests. */
module dev.lucy.testkit {
    requires transitive dev.lucy.core;
    requires transitive com.fasterxml.jackson.databind;
    requires jdk.httpserver;
    requires static org.junit.jupiter.api;
    // The tests, compiled into this module, talk to the servers with the JDK HTTP client.
    requires static java.net.http;

    exports dev.lucy.testkit.model;
}
