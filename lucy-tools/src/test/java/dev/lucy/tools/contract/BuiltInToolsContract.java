package dev.lucy.tools.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.AnnotatedTools;
import dev.lucy.tools.ApprovalDecision;
import dev.lucy.tools.ApprovalGate;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.BuiltInStore;
import dev.lucy.tools.BuiltInTools;
import dev.lucy.tools.PipelineToolExecutor;
import dev.lucy.tools.ToolRegistry;
import dev.lucy.tools.spi.ToolException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in tools through the whole executor, as the model calls them; the same answers whether their data is in
 * memory or in a database.
 */
public abstract class BuiltInToolsContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    protected static final Caller ALICE = new Caller("T1", "U-alice", "C1:1");
    private static final Caller OTHER_TEAM = new Caller("T2", "U-zed", "C9:1");

    protected final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T08:30:00Z"));
    private final RecordingApprovalPort port = new RecordingApprovalPort();
    private final ApprovalGate gate = ApprovalGate.builder(port).clock(clock).build();
    protected BuiltInTools tools;
    private PipelineToolExecutor executor;

    /** Fresh tools with no data yet, keeping it where this variant keeps it. */
    protected abstract BuiltInTools openTools(Clock clock);

    /** Releases what {@link #openTools} opened. */
    protected void closeAll() {}

    @BeforeEach
    void open() {
        tools = openTools(clock);
        executor = PipelineToolExecutor.builder(new ToolRegistry().registerAll(AnnotatedTools.from(tools)))
                .approvals(gate)
                .clock(clock)
                .sleeper(d -> {})
                .build();
    }

    @AfterEach
    void close() {
        executor.close();
        closeAll();
    }

    @Test
    void creates_lists_and_toggles_tasks_per_workspace() throws Exception {
        call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"Write the announcement\"}");
        JsonNode toggled = json(call(ALICE, "toggle_task", "{\"id\":1}"));
        JsonNode projects = json(call(ALICE, "get_projects", "{}"));

        assertThat(toggled.path("done").asBoolean()).isTrue();
        assertThat(projects.at("/0/name").asText()).isEqualTo("Launch");
        assertThat(projects.at("/0/tasks/0/title").asText()).isEqualTo("Write the announcement");
        assertThat(json(call(OTHER_TEAM, "get_projects", "{}"))).isEmpty();
    }

    @Test
    void saves_ideas_with_their_author_and_filters_them() throws Exception {
        call(ALICE, "add_idea", "{\"text\":\"Dark mode for the dashboard\"}");
        call(ALICE, "add_idea", "{\"text\":\"Weekly digest email\"}");

        JsonNode ideas = json(call(ALICE, "get_ideas", "{\"search\":\"dashboard\"}"));

        assertThat(ideas).hasSize(1);
        assertThat(ideas.at("/0/author").asText()).isEqualTo("U-alice");
    }

    @Test
    void deleting_a_task_needs_approval() throws Exception {
        call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"Old task\"}");
        BlockingQueue<ToolResult> results = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> results.add(call(ALICE, "delete_task", "{\"id\":1}")));

        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);
        assertThat(json(call(ALICE, "get_projects", "{}")).at("/0/tasks")).hasSize(1);
        gate.decide(asked.id(), ApprovalDecision.approve("U-alice"));

        assertThat(results.poll(5, TimeUnit.SECONDS)).isInstanceOf(ToolResult.Success.class);
        assertThat(json(call(ALICE, "get_projects", "{}")).at("/0/tasks")).isEmpty();
    }

    @Test
    void toggling_a_missing_task_says_not_found_and_how_to_find_ids() {
        ToolResult result = call(ALICE, "toggle_task", "{\"id\":99}");

        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.NOT_FOUND);
            assertThat(f.message()).contains("get_projects");
        });
    }

    @Test
    void tells_the_time_in_the_asked_zone() throws Exception {
        JsonNode paris = json(call(ALICE, "current_time", "{\"time_zone\":\"Europe/Paris\"}"));
        clock.advance(Duration.ofDays(1));
        JsonNode utc = json(call(ALICE, "current_time", "{}"));
        ToolResult bad = call(ALICE, "current_time", "{\"time_zone\":\"Mars/Olympus\"}");

        assertThat(paris.path("iso").asText()).isEqualTo("2026-03-02T09:30:00+01:00");
        assertThat(paris.path("weekday").asText()).isEqualTo("monday");
        assertThat(utc.path("weekday").asText()).isEqualTo("tuesday");
        assertThat(bad)
                .isInstanceOfSatisfying(
                        ToolResult.Failure.class, f -> assertThat(f.error()).isEqualTo(ToolError.INVALID_ARGUMENTS));
    }

    @Test
    void ids_count_per_workspace_and_are_never_reused() throws Exception {
        call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"One\"}");
        call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"Two\"}");
        JsonNode theirs = json(call(OTHER_TEAM, "create_task", "{\"project\":\"Ops\",\"title\":\"Theirs\"}"));
        tools.deleteTask(ALICE, 2); // straight to the tool: approval has its own test

        JsonNode third = json(call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"Three\"}"));
        JsonNode idea = json(call(ALICE, "add_idea", "{\"text\":\"Stickers\"}"));

        assertThat(theirs.path("id").asInt()).isEqualTo(1);
        assertThat(third.path("id").asInt()).isEqualTo(3);
        assertThat(idea.path("id").asInt()).isEqualTo(1);
        assertThat(call(OTHER_TEAM, "toggle_task", "{\"id\":3}")).isInstanceOf(ToolResult.Failure.class);
    }

    @Test
    void projects_stay_listed_in_creation_order_after_their_tasks_are_deleted() throws Exception {
        call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"One\"}");
        call(ALICE, "create_task", "{\"project\":\"Hiring\",\"title\":\"Two\"}");
        call(ALICE, "create_task", "{\"project\":\"  Launch \",\"title\":\" Three \"}");
        tools.deleteTask(ALICE, 2);

        JsonNode projects = json(call(ALICE, "get_projects", "{}"));

        assertThat(projects.findValuesAsText("name")).containsExactly("Launch", "Hiring");
        assertThat(projects.at("/0/tasks").findValuesAsText("title")).containsExactly("One", "Three");
        assertThat(projects.at("/1/tasks")).isEmpty();
        assertThatThrownBy(() -> tools.deleteTask(ALICE, 2))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.error()).isEqualTo(ToolError.NOT_FOUND));
    }

    @Test
    void concurrent_create_task_calls_get_distinct_ids_and_none_is_lost() throws Exception {
        int calls = 48;
        List<BuiltInTools> writers = List.of(tools, another(clock));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BuiltInTools.Task>> created = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                BuiltInTools writer = writers.get(i % writers.size());
                String title = "Task " + i;
                created.add(threads.submit(() -> {
                    start.await();
                    return writer.createTask(ALICE, "Launch", title);
                }));
            }
            start.countDown();
        }
        Set<Integer> ids = new HashSet<>();
        for (Future<BuiltInTools.Task> task : created) {
            ids.add(task.get().id());
        }

        Set<Integer> expected = IntStream.rangeClosed(1, calls).boxed().collect(Collectors.toSet());
        assertThat(ids).isEqualTo(expected);
        List<BuiltInTools.Task> listed = tools.getProjects(ALICE).getFirst().tasks();
        assertThat(listed).extracting(BuiltInTools.Task::id).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(listed).extracting(BuiltInTools.Task::title).doesNotHaveDuplicates();
    }

    @Test
    void retrieval_offers_the_right_built_in_tool() {
        assertThat(executor.toolsFor(ALICE, "what time is it in Tokyo?").stream()
                        .map(ToolSpec::name)
                        .findFirst())
                .contains("current_time");
        assertThat(executor.toolsFor(ALICE, "add a task to the launch project").stream()
                        .map(ToolSpec::name)
                        .findFirst())
                .contains("create_task");
    }

    @Test
    void two_workspaces_with_the_same_project_and_ids_never_see_or_change_each_others_data() {
        tools.createTask(ALICE, "Launch", "Our first");
        tools.createTask(ALICE, "Launch", "Our second");
        tools.createTask(OTHER_TEAM, "Launch", "Their first");
        tools.addIdea(ALICE, "Our idea");
        tools.addIdea(OTHER_TEAM, "Their idea");

        assertThat(tools.toggleTask(OTHER_TEAM, 1)).isEqualTo(new BuiltInTools.Task(1, "Launch", "Their first", true));
        assertThatThrownBy(() -> tools.toggleTask(OTHER_TEAM, 2))
                .as("task 2 is only in the other workspace")
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.error()).isEqualTo(ToolError.NOT_FOUND));
        assertThatThrownBy(() -> tools.deleteTask(OTHER_TEAM, 2))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.error()).isEqualTo(ToolError.NOT_FOUND));
        assertThat(tools.deleteTask(OTHER_TEAM, 1)).isEqualTo(new BuiltInTools.Task(1, "Launch", "Their first", true));
        assertThat(tools.toggleTask(ALICE, 2)).isEqualTo(new BuiltInTools.Task(2, "Launch", "Our second", true));

        assertThat(tools.getProjects(ALICE))
                .containsExactly(launch(
                        new BuiltInTools.Task(1, "Launch", "Our first", false),
                        new BuiltInTools.Task(2, "Launch", "Our second", true)));
        assertThat(tools.getProjects(OTHER_TEAM)).containsExactly(launch());
        assertThat(tools.getIdeas(ALICE, Optional.empty()))
                .containsExactly(new BuiltInTools.Idea(1, "Our idea", "U-alice"));
        assertThat(tools.getIdeas(OTHER_TEAM, Optional.empty()))
                .containsExactly(new BuiltInTools.Idea(1, "Their idea", "U-zed"));
    }

    @Test
    void a_task_takes_a_checked_due_date_when_made_or_later_and_shows_it() throws Exception {
        JsonNode made = json(call(
                ALICE,
                "create_task",
                "{\"project\":\"Launch\",\"title\":\"Write the announcement\",\"due_date\":\"2026-03-06\"}"));
        call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"Book the room\"}");
        ToolResult bad = call(ALICE, "set_task_due", "{\"id\":2,\"due_date\":\"next friday\"}");
        JsonNode set = json(call(ALICE, "set_task_due", "{\"id\":2,\"due_date\":\"2026-03-10\"}"));
        JsonNode projects = json(call(ALICE, "get_projects", "{}"));
        JsonNode cleared = json(call(ALICE, "set_task_due", "{\"id\":1,\"due_date\":\"none\"}"));

        assertThat(made.path("due_date").asText()).isEqualTo("2026-03-06");
        assertThat(bad).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.INVALID_ARGUMENTS);
            assertThat(f.message()).contains("not a date such as 2026-04-10");
        });
        assertThat(set.path("due_date").asText()).isEqualTo("2026-03-10");
        assertThat(projects.at("/0/tasks/0/due_date").asText()).isEqualTo("2026-03-06");
        assertThat(projects.at("/0/tasks/1/due_date").asText()).isEqualTo("2026-03-10");
        assertThat(cleared.has("due_date")).isFalse();
        assertThat(call(ALICE, "set_task_due", "{\"id\":99,\"due_date\":\"2026-03-10\"}"))
                .isInstanceOfSatisfying(
                        ToolResult.Failure.class, f -> assertThat(f.error()).isEqualTo(ToolError.NOT_FOUND));
    }

    @Test
    void tasks_due_soon_are_found_with_where_they_were_made_and_each_reminder_is_claimed_once() throws Exception {
        BuiltInStore store = tools.store();
        tools.createTask(ALICE, "Launch", "Due tomorrow", Optional.of("2026-03-03"));
        tools.createTask(ALICE, "Launch", "Due later", Optional.of("2026-03-20"));
        tools.createTask(ALICE, "Launch", "Done already", Optional.of("2026-03-03"));
        tools.toggleTask(ALICE, 3);
        tools.createTask(ALICE, "Launch", "No date");
        tools.createTask(OTHER_TEAM, "Ops", "Theirs", Optional.of("2026-03-02"));

        List<BuiltInTools.DueTask> due = store.dueBetween(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-03"));

        assertThat(due).extracting(d -> d.workspaceId() + "#" + d.task().id()).containsExactly("T2#1", "T1#1");
        BuiltInTools.DueTask ours = due.get(1);
        assertThat(ours.creatorId()).contains("U-alice");
        assertThat(ours.conversationId()).contains("C1:1");

        BuiltInStore other = another(clock).store();
        LocalDate day = LocalDate.parse("2026-03-03");
        List<Boolean> claims;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                BuiltInStore s = i % 2 == 0 ? store : other;
                tries.add(pool.submit(() -> s.claimReminder("T1", 1, day)));
            }
            claims = new ArrayList<>();
            for (Future<Boolean> f : tries) {
                claims.add(f.get(10, TimeUnit.SECONDS));
            }
        }
        assertThat(claims).containsOnlyOnce(true);
        assertThat(store.dueBetween(day, day)).extracting(d -> d.task().id()).isEmpty();
        assertThat(store.claimReminder("T1", 3, day)).isFalse(); // done

        tools.setTaskDue(ALICE, 1, "2026-03-04"); // a new date is a new reminder
        assertThat(store.dueBetween(day, day.plusDays(1)))
                .extracting(d -> d.task().id())
                .containsExactly(1);
        assertThat(store.claimReminder("T1", 1, day.plusDays(1))).isTrue();
        store.releaseReminder("T1", 1, day.plusDays(1));
        assertThat(store.claimReminder("T1", 1, day.plusDays(1))).isTrue();
    }

    /**
     * Tools on the same data through another handle: for a database another connection pool, as another process
     * would have; in memory the same tools.
     */
    protected BuiltInTools another(Clock clock) {
        return tools;
    }

    protected ToolResult call(Caller caller, String name, String args) {
        return executor.execute(caller, new ToolCall("call-" + name, name, args));
    }

    /** The project Launch with {@code tasks}, as {@code get_projects} lists it. */
    protected static BuiltInTools.Project launch(BuiltInTools.Task... tasks) {
        return new BuiltInTools.Project("Launch", List.of(tasks));
    }

    protected static JsonNode json(ToolResult result) throws Exception {
        assertThat(result).isInstanceOf(ToolResult.Success.class);
        return JSON.readTree(result.content());
    }
}
