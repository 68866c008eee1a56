/** Lucy's core: the agent loop, the model client, the concurrency runtime and the SPIs. */
module dev.lucy.core {
    requires transitive com.fasterxml.jackson.databind;
    requires java.net.http;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;
    requires com.github.benmanes.caffeine;
    requires io.github.bucket4j.core;

    exports dev.lucy.core;
    exports dev.lucy.core.agent;
    exports dev.lucy.core.model;
    exports dev.lucy.core.runtime;
    exports dev.lucy.core.spi;
}
