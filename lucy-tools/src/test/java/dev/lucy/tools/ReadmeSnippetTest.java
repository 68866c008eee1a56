package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ApprovalPort;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's snippet, compiled and run. */
class ReadmeSnippetTest {

    @Test
    void readme_snippet_builds_an_executor_that_runs_built_in_tools() {
        Clock clock = Clock.systemUTC();
        ApprovalPort slackApprovalPort = request -> {};
        Connections connections = Connections.withConnectUrl((caller, provider) -> "https://example.com/" + provider);

        ToolRegistry registry = new ToolRegistry().registerAll(AnnotatedTools.from(BuiltInTools.create(clock)));
        ApprovalGate approvals = ApprovalGate.builder(slackApprovalPort).build();
        PipelineToolExecutor tools = PipelineToolExecutor.builder(registry)
                .connections(connections) // ConnectionResolver: who has connected what
                .approvals(approvals) // destructive calls wait here for Approve / Cancel
                .rateLimits(Map.of("zendesk", RateLimit.perSecond(10)))
                .build(); // a dev.lucy.core.spi.ToolExecutor for the agent loop

        ToolResult result = tools.execute(new Caller("T1", "U1", "C1:1"), new ToolCall("1", "current_time", "{}"));
        assertThat(result.content()).contains("\"time_zone\":\"UTC\"");
        tools.close();
    }
}
