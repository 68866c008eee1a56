/** Lucy's core: the agent loop, the model client, the concurrency runtime and the SPIs. */
module dev.lucy.core {
    requires com.fasterxml.jackson.databind;

    exports dev.lucy.core;
    exports dev.lucy.core.agent;
    exports dev.lucy.core.model;
    exports dev.lucy.core.spi;
}
