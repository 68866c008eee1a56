package dev.lucy.app;

import dev.lucy.app.ops.Redactor;
import dev.lucy.app.web.TraceRecorder;
import dev.lucy.app.web.Views;
import dev.lucy.core.runtime.RuntimeStats;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.Schedule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The web console's Operations page: what the running bot already knows about itself, read when the page is shown.
 * The queue and runs from the runtime, model and tool health and budgets from the meters {@code LucyMetrics} keeps,
 * MCP servers as {@code /readyz} shows them, schedules and approvals waiting from the engine, and the trace writer's own
 * counts. Nothing here changes anything.
 */
final class ConsoleOperations {
    private final LucyApp app;
    private final MeterRegistry registry;
    private final Optional<TraceRecorder> traces;
    private final Redactor redactor;

    ConsoleOperations(LucyApp app, MeterRegistry registry, Optional<TraceRecorder> traces, Redactor redactor) {
        this.app = app;
        this.registry = registry;
        this.traces = traces;
        this.redactor = redactor;
    }

    List<Views.Section> sections() {
        List<Views.Section> sections = new ArrayList<>();
        RuntimeStats stats = app.engine().runtime().stats();
        sections.add(new Views.Section(
                "Queue and runs",
                List.of(
                        new Views.Row("Runs waiting in the queue", String.valueOf(stats.queued())),
                        new Views.Row("Runs in progress", String.valueOf(stats.running())),
                        new Views.Row("Taking new messages", stats.accepting() ? "yes" : "no (shutting down)"),
                        new Views.Row("Slack connected", app.ready() ? "yes" : "no"))));
        sections.add(models());
        sections.add(tools());
        sections.add(
                new Views.Section("Slack budget", counters("lucy.slack.calls.left.out", "method", "calls left out")));
        sections.add(mcp());
        sections.add(schedules());
        sections.add(approvals());
        traces.ifPresent(t -> sections.add(new Views.Section(
                "Run traces",
                List.of(
                        new Views.Row("Written since start", String.valueOf(t.written())),
                        new Views.Row("Waiting to be written", String.valueOf(t.queued())),
                        new Views.Row("Dropped (queue full)", String.valueOf(t.dropped()))))));
        return sections;
    }

    private Views.Section models() {
        List<Views.Row> rows = new ArrayList<>();
        for (Gauge gauge : registry.find("lucy.model.circuit.open").gauges()) {
            rows.add(new Views.Row(
                    "Model " + gauge.getId().getTag("model"),
                    gauge.value() >= 1 ? "circuit open: Lucy asks another model" : "healthy (circuit closed)"));
        }
        Map<String, Double> tokens = new TreeMap<>();
        for (Counter counter : registry.find("lucy.model.tokens").counters()) {
            tokens.merge(counter.getId().getTag("kind"), counter.count(), Double::sum);
        }
        tokens.forEach((kind, count) ->
                rows.add(new Views.Row("Tokens used since start (" + kind + ")", String.valueOf(Math.round(count)))));
        rows.addAll(counters("lucy.model.retries", "model", "retries"));
        rows.addAll(counters("lucy.model.fallbacks", null, "answers from a fallback model"));
        return new Views.Section("Models", rows);
    }

    private Views.Section tools() {
        List<Views.Row> rows = new ArrayList<>();
        for (Gauge gauge : registry.find("lucy.tool.execution.error.ratio").gauges()) {
            rows.add(new Views.Row("Tool errors (share of executed calls)", percent(gauge.value())));
        }
        for (Gauge gauge : registry.find("lucy.tool.loop.ratio").gauges()) {
            rows.add(new Views.Row("Runs with a repeated tool call stopped", percent(gauge.value())));
        }
        rows.addAll(counters("lucy.tool.failures", "error", "failed calls"));
        return new Views.Section("Tools", rows);
    }

    private Views.Section mcp() {
        List<Views.Row> rows = new ArrayList<>();
        BotCommand.mcpStates(app).forEach((server, state) -> rows.add(new Views.Row(server, redactor.redact(state))));
        return new Views.Section("MCP servers", rows);
    }

    private Views.Section schedules() {
        List<Views.Row> rows = new ArrayList<>();
        for (Schedule schedule : app.engine().schedules().all()) {
            rows.add(new Views.Row(
                    schedule.workspaceId() + " · " + redactor.redact(schedule.instruction()),
                    schedule.state().name().toLowerCase(Locale.ROOT)
                            + schedule.nextRunAt()
                                    .map(at -> ", next " + Views.time(at))
                                    .orElse("")));
        }
        return new Views.Section("Schedules", rows);
    }

    private Views.Section approvals() {
        List<Views.Row> rows = new ArrayList<>();
        app.engine().approvals().ifPresent(gate -> {
            for (ApprovalRequest request : gate.pending()) {
                rows.add(new Views.Row(
                        request.caller().workspaceId() + " · " + request.tool() + " for "
                                + request.caller().userId(),
                        "waiting since " + Views.time(request.requestedAt()) + ", expires "
                                + Views.time(request.expiresAt())));
            }
        });
        return new Views.Section("Approvals waiting", rows);
    }

    private List<Views.Row> counters(String name, String tag, String what) {
        List<Views.Row> rows = new ArrayList<>();
        for (Counter counter : registry.find(name).counters()) {
            if (counter.count() > 0) {
                String label =
                        tag == null ? what : what + " (" + counter.getId().getTag(tag) + ")";
                rows.add(new Views.Row(label, String.valueOf(Math.round(counter.count()))));
            }
        }
        return rows;
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }
}
