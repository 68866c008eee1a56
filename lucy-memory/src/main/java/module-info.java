/** Lucy's memory: thread history, session facts and permanent knowledge; extraction, consolidation, recall. */
module dev.lucy.memory {
    requires transitive dev.lucy.core;
    requires com.github.benmanes.caffeine;
    requires com.fasterxml.jackson.databind;

    exports dev.lucy.memory;
    exports dev.lucy.memory.spi;
}
