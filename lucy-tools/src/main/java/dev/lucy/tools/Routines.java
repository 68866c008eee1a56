package dev.lucy.tools;

import dev.lucy.tools.BuiltInTools.DueTask;
import dev.lucy.tools.BuiltInTools.Project;
import dev.lucy.tools.BuiltInTools.Task;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The proactive routines of {@link RoutineConfig}, kept as schedules of their own in the {@link ScheduleStore}, so the
 * {@link Scheduler} fires them with the same claims as people's schedules (once across replicas, the same missed-run
 * policy) and {@code ./lucy schedules list} shows them. Their ids start with {@value #ID_PREFIX} and their creator is
 * {@value #CREATOR}: they belong to the workspace, not to a person.
 *
 * <ul>
 *   <li>The <b>digest</b> posts the workspace's projects and open tasks (from the built-in tools' {@link
 *       BuiltInStore}) as a new message in its channel; no model call.
 *   <li>The <b>due reminders</b> look, at each of their times, for open tasks due that day or the next whose reminder
 *       was not sent, claim each in the database ({@link BuiltInStore#claimReminder}, so one replica sends it) and
 *       post it in the conversation the task was made in, mentioning its creator (in a direct message to the
 *       creator when the conversation is not known).
 * </ul>
 *
 * <p>Texts are Markdown, as the port formats every post. Thread safe; blocks on the stores and on posting.
 */
public final class Routines {
    /** Every routine's schedule id starts with this. */
    public static final String ID_PREFIX = "routine-";
    /** The creator of the routines' schedules. */
    public static final String CREATOR = "lucy";
    /** A digest lists at most this many open tasks (one Slack message). */
    static final int MAX_LISTED = 40;

    private static final System.Logger LOG = System.getLogger(Routines.class.getName());
    private static final String DIGEST = "digest";
    private static final String DUE_REMINDERS = "due-reminders";
    /** The due reminders' schedule has no channel of its own: each reminder goes where its task was made. */
    private static final String NO_CONVERSATION = "-";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.UK);

    /** Posts a new message (not in a thread) in a conversation, or to a person by their user id; returns its id. */
    @FunctionalInterface
    public interface Poster {
        String post(String conversationId, String text);
    }

    private final ScheduleStore schedules;
    private final BuiltInStore tasks;
    private final RoutineConfig config;
    private final Poster poster;
    private final Clock clock;

    public Routines(ScheduleStore schedules, BuiltInStore tasks, RoutineConfig config, Poster poster, Clock clock) {
        this.schedules = Objects.requireNonNull(schedules, "schedules");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.config = Objects.requireNonNull(config, "config");
        this.poster = Objects.requireNonNull(poster, "poster");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The routines switched on. */
    public RoutineConfig config() {
        return config;
    }

    /** Whether {@code schedule} is one of the routines. */
    public static boolean isRoutine(Schedule schedule) {
        return schedule.id().startsWith(ID_PREFIX) && schedule.creatorId().equals(CREATOR);
    }

    /**
     * Makes the workspace's stored routines match the config: creates the ones switched on, changes the ones whose
     * time or channel changed (a paused one stays paused), deletes the ones switched off. Safe to call from several
     * replicas at once. {@code digestConversation} is the digest channel's id, resolved by the caller; when the digest
     * is on and it is empty (the channel was not found), the stored digest is left as it is.
     */
    public void install(String workspaceId, Optional<String> digestConversation) {
        if (config.digestChannel().isPresent() && digestConversation.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "the digest channel " + config.digestChannel().get() + " was not found; the digest is not changed");
        } else {
            apply(
                    workspaceId,
                    DIGEST,
                    config.digestChannel().isPresent(),
                    config.digestCron(),
                    digestConversation.orElse(NO_CONVERSATION),
                    "Post the digest of the projects and open tasks");
        }
        apply(
                workspaceId,
                DUE_REMINDERS,
                config.dueReminders(),
                config.dueRemindersCron(),
                NO_CONVERSATION,
                "Remind people the day before their tasks are due");
    }

    private void apply(String workspaceId, String kind, boolean on, String cron, String conversation, String what) {
        String id = ID_PREFIX + kind + "-" + workspaceId;
        Optional<Schedule> stored = schedules.find(id);
        if (!on) {
            stored.ifPresent(s -> schedules.delete(s.id()));
            return;
        }
        Instant now = clock.instant();
        ScheduleTiming timing = ScheduleTiming.cron(cron, config.zone());
        if (stored.isEmpty()) {
            try {
                schedules.create(Schedule.create(
                        id, workspaceId, CREATOR, conversation, what, timing, Schedule.MissedRuns.RUN_LATEST, now));
            } catch (RuntimeException e) {
                if (schedules.find(id).isEmpty()) {
                    throw e;
                }
                // Another replica installed it at the same moment.
            }
            return;
        }
        Schedule current = stored.get();
        if (current.timing().equals(timing)
                && current.conversationId().equals(conversation)
                && current.instruction().equals(what)) {
            return;
        }
        Schedule changed = current.withConversation(conversation).withPlan(what, timing, current.missedRuns(), now);
        if (schedules.replace(current, changed).isEmpty()) {
            LOG.log(Level.INFO, "routine " + id + " changed at the same moment elsewhere; kept that change");
        }
    }

    /** Runs one time of a routine's schedule ({@link #isRoutine}); a failure throws and counts as a failed run. */
    public void run(Schedule routine, Instant due) {
        String kind = routine.id().substring(ID_PREFIX.length());
        if (kind.startsWith(DIGEST + "-")) {
            poster.post(routine.conversationId(), digest(tasks.projects(routine.workspaceId())));
        } else if (kind.startsWith(DUE_REMINDERS + "-")) {
            remind(routine, due);
        } else {
            throw new IllegalStateException("unknown routine " + routine.id());
        }
    }

    /** Sends the reminders of tasks due on the day of {@code due} or the next; returns how many went out. */
    int remind(Schedule routine, Instant due) {
        LocalDate today = due.atZone(config.zone()).toLocalDate();
        int sent = 0;
        for (DueTask task : tasks.dueBetween(today, today.plusDays(1))) {
            if (!task.workspaceId().equals(routine.workspaceId())) {
                continue;
            }
            Optional<String> where = task.conversationId().or(task::creatorId);
            LocalDate day = task.task().due().orElseThrow();
            if (where.isEmpty()) {
                LOG.log(Level.INFO, "task " + task.task().id() + " is due but nobody is known to remind");
                continue;
            }
            if (!tasks.claimReminder(task.workspaceId(), task.task().id(), day)) {
                continue; // another replica sends it, or it changed meanwhile
            }
            try {
                poster.post(where.get(), reminder(task, today));
                sent++;
            } catch (RuntimeException e) {
                tasks.releaseReminder(task.workspaceId(), task.task().id(), day);
                throw e;
            }
        }
        return sent;
    }

    static String reminder(DueTask due, LocalDate today) {
        Task task = due.task();
        LocalDate day = task.due().orElseThrow();
        String when = day.equals(today) ? "today (" + DAY.format(day) + ")" : "tomorrow (" + DAY.format(day) + ")";
        String who = due.creatorId().map(u -> "<@" + u + "> ").orElse("");
        return ":calendar: " + who + "Reminder: task #" + task.id() + " **" + task.title() + "** (" + task.project()
                + ") is due " + when + ".";
    }

    /** The digest as posted: each project with its open tasks, due dates shown. */
    static String digest(List<Project> projects) {
        long open = projects.stream()
                .flatMap(p -> p.tasks().stream())
                .filter(t -> !t.done())
                .count();
        StringBuilder text = new StringBuilder(":clipboard: **Task digest**: ");
        if (open == 0) {
            return text.append(projects.isEmpty() ? "no projects yet." : "no open tasks, everything is done.")
                    .toString();
        }
        long withOpen = projects.stream()
                .filter(p -> p.tasks().stream().anyMatch(t -> !t.done()))
                .count();
        text.append(open)
                .append(open == 1 ? " open task" : " open tasks")
                .append(" in ")
                .append(withOpen)
                .append(withOpen == 1 ? " project" : " projects")
                .append('.');
        int listed = 0;
        for (Project project : projects) {
            List<Task> openTasks =
                    project.tasks().stream().filter(t -> !t.done()).toList();
            long done = project.tasks().size() - openTasks.size();
            text.append("\n\n**").append(project.name()).append("**");
            if (openTasks.isEmpty()) {
                text.append(": all ").append(done).append(" done");
                continue;
            }
            text.append(" (").append(openTasks.size()).append(" open");
            if (done > 0) {
                text.append(", ").append(done).append(" done");
            }
            text.append(')');
            for (Task task : openTasks) {
                if (listed == MAX_LISTED) {
                    break;
                }
                listed++;
                text.append("\n- #").append(task.id()).append(' ').append(task.title());
                task.due()
                        .ifPresent(
                                d -> text.append(" (due ").append(DAY.format(d)).append(')'));
            }
        }
        if (open > listed) {
            text.append("\n\n…and ").append(open - listed).append(" more; ask me for the whole list.");
        }
        return text.toString();
    }
}
