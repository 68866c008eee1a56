package dev.lucy.app.web;

import dev.lucy.core.spi.DailyUsage;
import dev.lucy.core.spi.RunTrace;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the console's templates show: one record per page, and the small formatting helpers they share. */
public final class Views {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Views() {}

    /** What every page's frame needs: its title, which tab is current, the workspaces to pick from, the form token. */
    public record Chrome(
            String title, String tab, String csrf, List<String> workspaces, String workspace, boolean refresh) {
        public boolean current(String name) {
            return tab.equals(name);
        }
    }

    /** The sign-in page (also the answer to a request without a session). */
    public record SignIn(String csrf, Optional<String> problem, boolean withSlack) {}

    /** A page that says what went wrong, plainly. */
    public record Problem(int status, String title, String message) {}

    /** The filters of the runs page, as typed. */
    public record RunFilters(String user, String channel, String outcome, String since) {}

    public record Runs(
            Chrome chrome,
            boolean tracing,
            List<RunTrace> running,
            List<RunTrace> runs,
            RunFilters filters,
            List<String> outcomes,
            long dropped,
            List<DailyUsage> usage) {}

    public record Run(Chrome chrome, RunTrace trace) {}

    /** One fact as the memory page lists it. */
    public record FactRow(
            String id,
            String text,
            String category,
            String owner,
            boolean holds,
            String state,
            String source,
            String lastSeen) {}

    /** The facts of one tier and subject, newest first, history included when asked. */
    public record FactGroup(String tier, String subject, List<FactRow> facts) {}

    public record Memory(
            Chrome chrome,
            String query,
            boolean history,
            List<FactGroup> groups,
            int count,
            List<AuditEntry> audit,
            Optional<String> notice) {}

    /** A forget (or other change) made in the console: when, by whom, where, what. */
    public record AuditEntry(Instant at, String who, String workspaceId, String action, String what) {}

    /** One block of the operations page. */
    public record Section(String title, List<Row> rows) {}

    /** One line of a {@link Section}. */
    public record Row(String name, String value) {}

    /** One day of one workspace on the operations page: tokens and what they cost at the configured prices. */
    public record CostRow(String day, String workspace, String tokens, String cost, String models) {}

    /**
     * The operations page.
     *
     * @param costs token use and cost per day and workspace, newest first; empty when nothing was traced
     * @param costDays how many days {@code costs} goes back
     * @param tracing whether runs are traced (without traces there are no tokens to add up)
     */
    public record Operations(
            Chrome chrome, List<Section> sections, List<CostRow> costs, long costDays, boolean tracing) {}

    /**
     * One message of a playground conversation: the person's, as typed (escaped by the template), or Lucy's, drawn as
     * Slack would show it ({@code html}, already safe).
     */
    public record Said(boolean fromLucy, String text, String at) {}

    /**
     * One playground conversation: what was said, whether its next answer comes from the scripted model, whether Lucy
     * is still at work, the traces of its runs (oldest first) and the latest run's trace, shown beside it.
     */
    public record Conversation(
            String id,
            boolean scripted,
            List<Said> said,
            boolean waiting,
            List<String> runPaths,
            Optional<RunTrace> latest) {}

    public record PlaygroundPage(
            Chrome chrome, List<Conversation> conversations, boolean waiting, Optional<String> notice) {}

    // --- formatting

    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    public static String iso(Instant instant) {
        return instant.toString();
    }

    public static String took(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1e3);
        }
        return (ms / 60_000) + " min " + (ms / 1_000 % 60) + " s";
    }

    public static String outcome(RunTrace.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public static String kind(RunTrace.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A CSS class for a step or outcome, from a fixed set. */
    public static String css(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What a run used of each model: {@code model-a: 1,200 prompt + 80 answer tokens in 2 requests; ...}. */
    public static String models(List<RunTrace.ModelUse> models) {
        return String.join(
                "; ",
                models.stream()
                        .map(m -> String.format(
                                Locale.ROOT,
                                "%s: %,d prompt + %,d answer tokens in %d %s",
                                m.model(),
                                m.promptTokens(),
                                m.completionTokens(),
                                m.requests(),
                                m.requests() == 1 ? "request" : "requests"))
                        .toList());
    }

    public static String runPath(RunTrace trace) {
        return "/runs/" + trace.runId();
    }
}
