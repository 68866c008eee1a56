package dev.lucy.tools;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** What people read about their schedules: plain and short, never an internal name. */
public final class ScheduleNotices {
    private ScheduleNotices() {}

    /** "Every weekday at 09:00 Lisbon time; next: Mon 6 Apr 09:00, Tue 7 Apr 09:00". */
    public static String echo(Schedule schedule, List<Instant> next) {
        String when = schedule.timing().describe();
        if (schedule.timing() instanceof ScheduleTiming.Once) {
            return when; // its one time is the next: no need to say it twice
        }
        if (next.isEmpty()) {
            return when + "; it will not run again";
        }
        return when + "; next: "
                + next.stream()
                        .map(at -> ScheduleTiming.when(at, schedule.timing().zone()))
                        .collect(Collectors.joining(", "));
    }

    static String pausedAfterFailures(int failures) {
        return "I paused this schedule: its last " + failures + " runs failed. Ask me to resume it once the problem"
                + " is fixed.";
    }

    static String pausedNoAccess(String why) {
        return "I paused a schedule here: " + why + ". A workspace admin can resume or delete it.";
    }

    static String pausedChannelLost(Schedule schedule, String why) {
        return "I paused your schedule '" + schedule.instruction() + "' ("
                + schedule.timing().describe() + "): " + why
                + ". Once that is sorted out, ask me to resume it, or to delete it.";
    }

    /** The header of a run: what it is, and whether it is late. */
    public static String runHeader(ScheduleRunner.Firing firing) {
        String header = ":alarm_clock: Scheduled: " + firing.schedule().instruction();
        if (!firing.late()) {
            return header;
        }
        String skipped = firing.skipped() == 0
                ? ""
                : (firing.skipped() == 1
                        ? " (1 earlier time was skipped)"
                        : " (" + firing.skipped() + " earlier times were skipped)");
        return header + "\n_Late: this was due "
                + ScheduleTiming.when(firing.due(), firing.schedule().timing().zone()) + " "
                + ScheduleTiming.zoneName(firing.schedule().timing().zone()) + " time, while I was away" + skipped
                + "._";
    }
}
