/** Lucy's tools: the tool SPI, registry and capability index, retrieval, the execution pipeline and approvals. */
module dev.lucy.tools {
    requires transitive dev.lucy.core;
    requires transitive com.fasterxml.jackson.databind;
    requires com.github.victools.jsonschema.generator;
    requires com.fasterxml.classmate;
    requires com.networknt.schema;
    requires org.apache.lucene.core;
    requires org.apache.lucene.analysis.common;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;
    requires com.github.benmanes.caffeine;
    requires static com.cronutils;
    // MCP is optional (McpToolProvider only): present at compile time, on the path at run time when used.
    requires static io.modelcontextprotocol.sdk.mcp.core;
    requires static io.modelcontextprotocol.sdk.mcp.json.jackson2;
    requires static reactor.core;
    requires java.net.http;

    exports dev.lucy.tools;
    exports dev.lucy.tools.spi;

    opens dev.lucy.tools to
            com.fasterxml.jackson.databind;
}
