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

    public record Operations(Chrome chrome, List<Section> sections) {}

    /** One message sent in the playground and what Lucy answered, drawn as Slack would show it. */
    public record Exchange(String asked, String askedAt, List<String> answersHtml, Optional<String> runPath) {}

    public record PlaygroundPage(Chrome chrome, List<Exchange> exchanges, boolean waiting, Optional<String> notice) {}

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

    public static String runPath(RunTrace trace) {
        return "/runs/" + trace.runId();
    }
}
