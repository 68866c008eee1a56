package dev.lucy.app.slack;

import dev.lucy.core.Caller;
import dev.lucy.core.runtime.LucyRuntime;
import dev.lucy.core.runtime.Task;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.MemoryAdmin;
import dev.lucy.slack.HomeTab;
import dev.lucy.tools.McpServerConfig;
import dev.lucy.tools.McpServers;
import dev.lucy.tools.ScheduleTools;
import dev.lucy.tools.spi.ConnectionResolver;
import dev.lucy.tools.spi.ToolException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lucy's App Home tab: what Lucy does for the person looking at it. Their running and recently ended background
 * tasks (running ones with Cancel), their schedules (Pause or Resume, Delete), what Lucy remembers about them and
 * about the team (Forget on what is theirs), the tools they connect themselves (Disconnect) and those connected for
 * everyone, and a short how-to. Written with lucy-slack's {@link HomeTab}, so it stays within Slack's view limits;
 * long lists end with "and N more".
 *
 * <p>{@link #opened} publishes the view when the person opens the tab; {@link #pressed} does what a button of the
 * view asks, as the person who pressed it, and publishes the view again with a line saying what came of it. Every
 * button is checked against its presser: a task, fact, schedule or connection of another person or another
 * workspace is never touched. Renders and publishes of one person run one at a time, so the last view published
 * is the newest. Blocking; call it off Slack's event thread. Thread safe.
 */
public final class SlackHome {
    /** {@code action_id}s of the view's buttons; each button's {@code value} names the thing it acts on. */
    public static final String CANCEL_TASK = "lucy_home_cancel_task";

    public static final String FORGET = "lucy_home_forget";
    public static final String DISCONNECT = "lucy_home_disconnect";
    public static final String PAUSE_SCHEDULE = "lucy_home_schedule_pause";
    public static final String RESUME_SCHEDULE = "lucy_home_schedule_resume";
    public static final String DELETE_SCHEDULE = "lucy_home_schedule_delete";

    /** Every button of the view. */
    public static final List<String> ACTIONS =
            List.of(CANCEL_TASK, FORGET, DISCONNECT, PAUSE_SCHEDULE, RESUME_SCHEDULE, DELETE_SCHEDULE);

    static final int MOST_TASKS = 10;
    static final int MOST_RECENT_TASKS = 5;
    static final int MOST_SCHEDULES = 10;
    static final int MOST_OWN_FACTS = 15;
    static final int MOST_TEAM_FACTS = 10;
    static final int MOST_TOOLS = 10;
    /** How many facts are read to count what is not shown. */
    private static final int FACTS_READ = 500;

    static final String FAILED = "Sorry, that did not work on my side. Please try again in a moment.";

    private static final Logger LOG = LoggerFactory.getLogger(SlackHome.class);

    /** Where a view goes: {@code views.publish} for one person. */
    @FunctionalInterface
    public interface Publisher {
        /** Publishes {@code viewJson} as {@code userId}'s Home tab; false when Slack did not take it. */
        boolean publish(String userId, String viewJson);
    }

    private final Publisher publisher;
    private final LucyRuntime runtime;
    private final Optional<MemoryAdmin> memory;
    private final Optional<ScheduleTools> schedules;
    private final McpServers mcpServers;
    private final String commandName;
    private final Clock clock;
    private final Map<String, ReentrantLock> publishing = new ConcurrentHashMap<>();
    /** Who used their Home tab lately, with when their view was last drawn, so changes reach them unasked. */
    private final com.github.benmanes.caffeine.cache.Cache<String, Instant> viewers =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .maximumSize(100_000)
                    .expireAfterWrite(Duration.ofDays(1))
                    .build();

    private SlackHome(Builder b) {
        this.publisher = b.publisher;
        this.runtime = b.runtime;
        this.memory = Optional.ofNullable(b.memory);
        this.schedules = Optional.ofNullable(b.schedules);
        this.mcpServers = b.mcpServers;
        this.commandName = b.commandName;
        this.clock = b.clock;
    }

    /** A Home tab publishing through {@code publisher} and showing the tasks of {@code runtime}. */
    public static Builder builder(Publisher publisher, LucyRuntime runtime) {
        return new Builder(publisher, runtime);
    }

    /** The person opened the tab: their view is published. */
    public void opened(String workspaceId, String userId) {
        refresh(workspaceId, userId, Optional.empty(), Optional.empty());
    }

    /**
     * Something the view shows changed for the person at {@code at} (a task ended, say): their view is published
     * again, if they used the tab within the last day (no view is published for people who never look at it) and
     * no view drawn after {@code at} was published meanwhile (a button's answer stays on the view).
     */
    public void changed(String workspaceId, String userId, Instant at) {
        refresh(workspaceId, userId, Optional.empty(), Optional.of(at));
    }

    /**
     * The person pressed a button of their view: done as them (never for another person or workspace) and the view
     * published again, saying what came of it.
     */
    public void pressed(String workspaceId, String userId, String actionId, String value) {
        String notice = act(caller(workspaceId, userId), actionId, value);
        refresh(workspaceId, userId, Optional.of(notice), Optional.empty());
    }

    /** Renders and publishes; for a change at {@code changedAt}, only to a viewer whose view is older than it. */
    private void refresh(String workspaceId, String userId, Optional<String> notice, Optional<Instant> changedAt) {
        String key = workspaceId + ":" + userId;
        ReentrantLock lock = publishing.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            if (changedAt.isPresent()) {
                Instant drawn = viewers.getIfPresent(key);
                // drawn at or after the change: the view shows it already (and keeps a button's answer)
                if (drawn == null || !drawn.isBefore(changedAt.get())) {
                    return;
                }
            }
            viewers.put(key, clock.instant());
            String view = render(workspaceId, userId, notice).json();
            if (!publisher.publish(userId, view)) {
                LOG.warn("Slack did not take the Home view of {} in {}", userId, workspaceId);
            }
        } catch (RuntimeException e) {
            LOG.warn("the Home view of {} in {} could not be published", userId, workspaceId, e);
        } finally {
            lock.unlock();
        }
    }

    /** A Home tab's conversation: none, so a person's own, never a channel's. */
    private static Caller caller(String workspaceId, String userId) {
        return new Caller(workspaceId, userId, "home:" + userId);
    }

    // ------------------------------------------------------------------ buttons

    String act(Caller caller, String actionId, String value) {
        if (value == null || value.isBlank()) {
            return "I could not read that button. Nothing was changed.";
        }
        try {
            return switch (actionId) {
                case CANCEL_TASK ->
                    switch (runtime.cancelTask(caller.workspaceId(), caller.userId(), value)) {
                        case CANCELLED -> "Cancelled the task.";
                        case ALREADY_ENDED -> "That task had ended already.";
                        case NOT_FOUND -> "I found no task of yours like that, so nothing was cancelled.";
                    };
                case FORGET -> forget(caller, value);
                case DISCONNECT -> disconnect(caller, value);
                case PAUSE_SCHEDULE, RESUME_SCHEDULE, DELETE_SCHEDULE -> schedule(caller, actionId, value);
                default -> "I could not read that button. Nothing was changed.";
            };
        } catch (RuntimeException e) {
            LOG.error("a Home button ({}) failed for {} in {}", actionId, caller.userId(), caller.workspaceId(), e);
            return FAILED;
        }
    }

    private String forget(Caller caller, String factId) {
        if (memory.isEmpty()) {
            return "I have no memory set up here, so there is nothing to forget.";
        }
        return switch (memory.get().forgetOwn(caller, factId)) {
            case FORGOTTEN -> "Forgotten. I will not bring that up again.";
            case NOT_YOURS -> "Only the person who told me that can make me forget it.";
            case NOT_FOUND -> "I had forgotten that already.";
        };
    }

    private String disconnect(Caller caller, String server) {
        return mcpServers
                .disconnect(caller, server)
                .map(done -> !done.removed()
                        ? "You had not connected " + server + ", so there was nothing to disconnect."
                        : "Disconnected " + server + ": I no longer use your account there.")
                .orElse("That is not a service you connect yourself, so there is nothing to disconnect.");
    }

    private String schedule(Caller caller, String actionId, String id) {
        if (schedules.isEmpty()) {
            return "Schedules are not set up here.";
        }
        ScheduleTools tools = schedules.get();
        // Only the person's own schedules are on their Home, and only they change them from there (an admin's
        // wider rights are for /lucy schedules and the tools).
        boolean theirs = tools.listSchedules(caller).stream()
                .anyMatch(v -> v.id().equals(id) && v.creator().equals(caller.userId()));
        if (!theirs) {
            return "I found no schedule of yours like that, so nothing was changed.";
        }
        try {
            return switch (actionId) {
                case PAUSE_SCHEDULE ->
                    "Paused: " + tools.pauseSchedule(caller, id).summary();
                case RESUME_SCHEDULE ->
                    "Resumed: " + tools.resumeSchedule(caller, id).summary();
                default -> tools.deleteSchedule(caller, id);
            };
        } catch (ToolException e) {
            return switch (e.error()) {
                case NOT_FOUND -> "That schedule is gone already.";
                default -> "That did not work: the schedule changed at the same moment. Please try again.";
            };
        }
    }

    // ------------------------------------------------------------------ the view

    /** The view {@code userId} sees, with {@code notice} (what their last button did) at the top. */
    HomeTab render(String workspaceId, String userId, Optional<String> notice) {
        Caller caller = caller(workspaceId, userId);
        HomeTab.Builder view = HomeTab.builder();
        view.section("Hi <@" + userId + ">, here is what I do for you and what I remember. This tab refreshes"
                + " when you open it.");
        notice.ifPresent(n -> view.context(HomeTab.escape(n)));
        view.divider();
        tasks(view, caller);
        schedules(view, caller);
        memory(view, caller);
        tools(view, caller);
        view.header("How to use me")
                .section(("Mention me (@Lucy) in a channel or write to me here: I answer questions, use the tools"
                                + " your team connected and remember what you tell me (\"remember that ...\"). Ask"
                                + " for a deep dive or a full report and I work on it in the background. Reply in a"
                                + " thread I'm part of without mentioning me. `%1$s help` lists my commands.")
                        .formatted(commandName));
        return view.build();
    }

    private void tasks(HomeTab.Builder view, Caller caller) {
        view.header("Your background tasks");
        List<Task> running = runtime.tasksOf(caller.workspaceId(), caller.userId());
        view.list(
                running,
                MOST_TASKS,
                task -> HomeTab.Item.of(
                        "*" + HomeTab.escape(shorten(task.request())) + "*\n" + state(task) + ", started "
                                + age(task.createdAt()) + " ago"
                                + (task.progress().isBlank()
                                        ? ""
                                        : " (" + HomeTab.escape(shorten(task.progress())) + ")"),
                        HomeTab.Button.of(CANCEL_TASK, "Cancel", task.id()).asDanger()),
                "Nothing is running for you. Ask me for a deep dive or a full report and I work on it in the"
                        + " background.");
        List<Task> recent = runtime.recentTasksOf(caller.workspaceId(), caller.userId(), MOST_RECENT_TASKS);
        if (!recent.isEmpty()) {
            StringBuilder lines = new StringBuilder("Recently:");
            for (Task task : recent) {
                lines.append("\n• ")
                        .append(HomeTab.escape(shorten(task.request())))
                        .append(": ")
                        .append(state(task))
                        .append(' ')
                        .append(age(task.updatedAt()))
                        .append(" ago");
            }
            view.context(lines.toString());
        }
        view.divider();
    }

    private void schedules(HomeTab.Builder view, Caller caller) {
        if (schedules.isEmpty()) {
            return;
        }
        view.header("Your schedules");
        List<ScheduleTools.View> own = schedules.get().listSchedules(caller).stream()
                .filter(v -> v.creator().equals(caller.userId()))
                .toList();
        if (own.isEmpty()) {
            view.section("You have no schedules. Ask me, for example: \"every Monday at 9, post the open tasks"
                    + " of Launch here\".");
        }
        for (ScheduleTools.View schedule : own.subList(0, Math.min(own.size(), MOST_SCHEDULES))) {
            view.section(
                    "*" + HomeTab.escape(shorten(schedule.instruction())) + "*\n" + HomeTab.escape(schedule.summary()));
            view.buttons(List.of(
                    schedule.state().equals("active")
                            ? HomeTab.Button.of(PAUSE_SCHEDULE, "Pause", schedule.id())
                            : HomeTab.Button.of(RESUME_SCHEDULE, "Resume", schedule.id()),
                    HomeTab.Button.of(DELETE_SCHEDULE, "Delete", schedule.id()).asDanger()));
        }
        if (own.size() > MOST_SCHEDULES) {
            view.context("and " + (own.size() - MOST_SCHEDULES) + " more: `" + commandName + " schedules` lists"
                    + " them all");
        }
        view.divider();
    }

    private void memory(HomeTab.Builder view, Caller caller) {
        if (memory.isEmpty()) {
            return;
        }
        String user = caller.userId();
        List<Fact> own = memory.get()
                .list(FactQuery.workspace(caller.workspaceId()).ownedBy(user).limit(FACTS_READ));
        view.header("What I remember about you");
        view.list(
                own,
                MOST_OWN_FACTS,
                fact -> HomeTab.Item.of(HomeTab.escape(fact.text()), HomeTab.Button.of(FORGET, "Forget", fact.id())),
                "Nothing yet. Tell me what to keep in mind, for example \"remember that I prefer short answers\".");
        // The team's facts: never another person's own (visibleTo leaves those out).
        List<Fact> team =
                memory
                        .get()
                        .list(FactQuery.workspace(caller.workspaceId())
                                .visibleTo(user)
                                .limit(FACTS_READ))
                        .stream()
                        .filter(f -> f.owner().isEmpty())
                        .toList();
        view.header("What I remember about the team");
        view.list(
                team,
                MOST_TEAM_FACTS,
                fact -> MemoryAdmin.ownedBy(fact, user)
                        ? HomeTab.Item.of(HomeTab.escape(fact.text()), HomeTab.Button.of(FORGET, "Forget", fact.id()))
                        : HomeTab.Item.of(HomeTab.escape(fact.text()) + "\n_told me by <@"
                                + fact.source().userId() + ">_"),
                "Nothing yet.");
        view.context("Only the person who told me something can make me forget it, here or with `" + commandName
                + " forget <what>`.");
        view.divider();
    }

    private void tools(HomeTab.Builder view, Caller caller) {
        List<McpServerConfig> here = mcpServers.configs().stream()
                .filter(c -> c.workspaces().isEmpty() || c.workspaces().contains(caller.workspaceId()))
                .toList();
        List<McpServerConfig> personal =
                here.stream().filter(McpServerConfig::personal).toList();
        List<String> shared = here.stream()
                .filter(c -> !c.personal())
                .map(McpServerConfig::name)
                .toList();
        view.header("Your connected tools");
        if (personal.isEmpty() && shared.isEmpty()) {
            view.section("Besides my own tools, no services are connected here.");
        }
        if (!personal.isEmpty()) {
            view.list(
                    personal,
                    MOST_TOOLS,
                    server -> switch (mcpServers.connection(caller, server.name())) {
                        case ConnectionResolver.Connected c ->
                            HomeTab.Item.of(
                                    "*" + HomeTab.escape(server.name()) + "*: connected with your account",
                                    HomeTab.Button.of(DISCONNECT, "Disconnect", server.name()));
                        case ConnectionResolver.Missing m ->
                            HomeTab.Item.of("*" + HomeTab.escape(server.name()) + "*: not connected. Type `"
                                    + commandName + " connect " + server.name() + "` to connect your account.");
                    },
                    "");
        }
        if (!shared.isEmpty()) {
            view.context("Connected for everyone here: " + HomeTab.escape(String.join(", ", shared)));
        }
        view.divider();
    }

    private static String state(Task task) {
        return task.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private String age(java.time.Instant since) {
        return LucyCommand.age(Duration.between(since, clock.instant()));
    }

    private static String shorten(String text) {
        String oneLine = text.replace('\n', ' ').strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 199) + "…";
    }

    /** Builds a {@link SlackHome}; the publisher and the runtime are required, the rest optional. */
    public static final class Builder {
        private final Publisher publisher;
        private final LucyRuntime runtime;
        private MemoryAdmin memory;
        private ScheduleTools schedules;
        private McpServers mcpServers = McpServers.none();
        private String commandName = LucyCommand.NAME;
        private Clock clock = Clock.systemUTC();

        private Builder(Publisher publisher, LucyRuntime runtime) {
            this.publisher = Objects.requireNonNull(publisher, "publisher");
            this.runtime = Objects.requireNonNull(runtime, "runtime");
        }

        /** What the tab shows as remembered, and what its Forget buttons forget from. Default none (not shown). */
        public Builder memory(MemoryAdmin memory) {
            this.memory = Objects.requireNonNull(memory, "memory");
            return this;
        }

        /** The schedules the tab shows and changes. Default none (not shown). */
        public Builder schedules(ScheduleTools schedules) {
            this.schedules = Objects.requireNonNull(schedules, "schedules");
            return this;
        }

        /** The tools the tab shows and disconnects. Default {@link McpServers#none()}. */
        public Builder mcpServers(McpServers mcpServers) {
            this.mcpServers = Objects.requireNonNull(mcpServers, "mcpServers");
            return this;
        }

        /** The slash command named in the how-to. Default {@code /lucy}. */
        public Builder commandName(String commandName) {
            this.commandName = Objects.requireNonNull(commandName, "commandName");
            return this;
        }

        /** For task ages. Default the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public SlackHome build() {
            return new SlackHome(this);
        }
    }
}
