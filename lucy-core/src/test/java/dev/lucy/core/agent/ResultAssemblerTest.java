package dev.lucy.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.agent.ToolCallRecord.Disposition;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultAssemblerTest {
    private final ResultAssembler result = new ResultAssembler();

    private static ToolCallRecord record(String id, Disposition disposition, ToolResult answer) {
        return new ToolCallRecord(1, new ToolCall(id, "search", "{}"), disposition, answer, Duration.ZERO);
    }

    private static ToolCallRecord refused(Disposition disposition) {
        return record("r", disposition, ToolResult.failure(ToolError.FATAL, "no"));
    }

    @Test
    void counts_refusals_by_what_was_refused() {
        for (Disposition disposition : Disposition.values()) {
            result.refused(refused(disposition));
        }
        result.refused(refused(Disposition.UNKNOWN_TOOL));

        assertThat(result.answered("ok", 1).stats()).isEqualTo(new AgentResult.Stats(2, 1, 1, 1, 0, 0, 0, false));
    }

    @Test
    void a_stopped_run_drops_tool_calls_whose_results_never_came() {
        Message.User question = Message.user("q");
        ToolCall a = new ToolCall("a", "search", "{}");
        ToolCall b = new ToolCall("b", "search", "{}");
        result.said(question);
        result.said(Message.toolCalls(List.of(a, b)));
        result.said(Message.toolResult(a, "found"));

        result.dropUnansweredCalls();

        assertThat(result.stopped(new Outcome.Cancelled(), 1).transcript()).containsExactly(question);
    }

    @Test
    void without_an_answer_the_run_reports_what_the_tools_found() {
        result.recorded(record("a", Disposition.EXECUTED, ToolResult.success("ticket 7 is open")));
        result.recorded(record("b", Disposition.UNKNOWN_TOOL, ToolResult.failure(ToolError.UNKNOWN_TOOL, "no")));

        AgentResult partial = result.partial("the model gave no answer", 3);

        assertThat(partial.text())
                .isEqualTo("I could not finish a full answer, so here is what I found (it may be incomplete):\n"
                        + "- ticket 7 is open");
        assertThat(partial.outcome()).isEqualTo(new Outcome.Partial("the model gave no answer"));
        assertThat(partial.stats().fallbackSummary()).isTrue();
        assertThat(partial.turns()).isEqualTo(3);
        assertThat(partial.transcript()).containsExactly(Message.assistant(partial.text()));
    }
}
