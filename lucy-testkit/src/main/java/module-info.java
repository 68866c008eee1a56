/**
 * Lucy's testkit: loopback servers that stand in for model providers and Slack, small fakes of Lucy's own
 * interfaces, and SPI contract tests.
 */
module dev.lucy.testkit {
    // The model server's API speaks in core's message types and exposes requests as Jackson trees.
    requires transitive dev.lucy.core;
    requires transitive com.fasterxml.jackson.databind;
    // Contract tests (for core's SPIs) are JUnit 5 tests written with AssertJ.
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires jdk.httpserver;
    requires org.java_websocket;
    requires java.sql;
    // The embedded PostgreSQL launcher unpacks zonky's binaries.
    requires org.apache.commons.compress;
    requires org.tukaani.xz;
    // The tests, compiled into this module, talk to the servers with the JDK HTTP client.
    requires static java.net.http;

    exports dev.lucy.testkit;
    exports dev.lucy.testkit.contract;
    exports dev.lucy.testkit.fake;
    exports dev.lucy.testkit.model;
    exports dev.lucy.testkit.postgres;
    exports dev.lucy.testkit.slack;
}
