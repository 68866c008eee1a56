package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.slack.SlackApprovalPort;
import dev.lucy.app.web.TraceRecorder;
import dev.lucy.core.spi.RunTrace;
import dev.lucy.core.spi.RunTraces;
import dev.lucy.core.spi.TraceQuery;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A run's trace shows the approval it asked for and who granted it, as the web console draws it. */
class TracedApprovalsE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final RunTraces traces = RunTraces.inMemory();
    private final TraceRecorder recorder = TraceRecorder.builder(traces).build().start();

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create().app(app -> app.engine(engine -> engine.runTracing(recorder)));

    @AfterEach
    void closeRecorder() {
        recorder.close();
    }

    @Test
    void an_approval_granted_with_the_button_shows_in_the_runs_trace_as_asked_and_granted_by_whom() {
        lucy.model().script(ApprovalsE2ETest::createThenDelete);
        SlackMessage ask = lucy.user("alice").mentionsBot(CHANNEL, "please clean up the launch tasks");
        lucy.awaitApprovalButtons(ask);
        SlackMessage buttons = lucy.botMessages(ask).stream()
                .filter(m -> m.blocks().orElse("").contains(SlackApprovalPort.APPROVE))
                .findFirst()
                .orElseThrow();

        lucy.user("alice").clicks(buttons, SlackApprovalPort.APPROVE);
        lucy.awaitAnswer(ask, text -> text.contains("Deleted task #1."));

        String alice = lucy.user("alice").id();
        String team = lucy.slack().teamId();
        Optional<RunTrace> trace = Optional.of(lucy.slack()
                .await(
                        "the run's trace to be written",
                        WAIT,
                        () -> traces.find(TraceQuery.in(Set.of(team))).stream()
                                .findFirst()
                                .flatMap(run -> traces.get(run.runId()))));
        assertThat(trace.get().steps())
                .filteredOn(step -> step.kind() == RunTrace.Kind.APPROVAL)
                .extracting(RunTrace.Step::title)
                .containsExactly("approval asked for delete_task", "approval granted by " + alice + ": delete_task");
        assertThat(trace.get().steps())
                .filteredOn(step -> step.kind() == RunTrace.Kind.APPROVAL)
                .first()
                .satisfies(asked -> assertThat(asked.detail()).contains("\"id\":1"));
    }
}
