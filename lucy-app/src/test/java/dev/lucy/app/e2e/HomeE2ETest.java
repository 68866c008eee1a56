package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.ops.McpSignInPages;
import dev.lucy.app.ops.OpsServer;
import dev.lucy.app.slack.SlackHome;
import dev.lucy.core.Caller;
import dev.lucy.core.runtime.Task;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.store.Database;
import dev.lucy.store.JdbcMcpTokenStore;
import dev.lucy.store.SecretBox;
import dev.lucy.testkit.OAuthMcpServer;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.slack.HomeView;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.tools.McpOAuth;
import dev.lucy.tools.McpServerConfig;
import dev.lucy.tools.McpServers;
import dev.lucy.tools.ScheduleTools;
import dev.lucy.tools.spi.ConnectionResolver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The App Home tab as people see it: what Lucy remembers about them and the team, their background tasks, their
 * schedules and the tools they connected, and the Forget, Cancel, Pause, Resume, Delete and Disconnect buttons, which
 * act only for the person who pressed them (a press naming another person's thing, as a stale or crafted view would,
 * changes nothing, even from a workspace admin).
 */
class HomeE2ETest {
    private static final String DEEP = "do a deep dive on our competitors' pricing and write a full report";

    private static final String INSTRUCTION = "post the sales numbers of the week";
    private static final Pattern LINK = Pattern.compile("<(http://[^|>]+)\\|");

    private final HeldModel held = new HeldModel("deep dive");
    private final OAuthMcpServer notes = OAuthMcpServer.start();
    private final AtomicReference<URI> publicUrl = new AtomicReference<>(URI.create("http://127.0.0.1:1"));
    private final AtomicReference<McpOAuth> signIns = new AtomicReference<>();
    private OpsServer ops;

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .simulator(sim -> sim.user("alice").user("bob").admin("erin"))
            .modelServer(b -> b.script(held))
            .app(app -> app.engine(engine -> engine.mcpServers(notesServer(engine.database()))));

    /** A service people connect one by one, each with their own account (OAuth), as on Lucy's sign-in pages. */
    private McpServers notesServer(Database database) {
        McpOAuth oauth = McpOAuth.create(
                JdbcMcpTokenStore.open(database, SecretBox.of(SecretBox.newKey()), Clock.systemUTC()),
                publicUrl::get,
                Clock.systemUTC());
        signIns.set(oauth);
        McpServerConfig config = McpServerConfig.remote("notes", notes.endpoint())
                .oauth(McpServerConfig.OAuth.dynamic())
                .build();
        return McpServers.builder(List.of(config)).oauth(oauth).build();
    }

    @AfterEach
    void stop() {
        if (ops != null) {
            ops.close();
        }
        notes.close();
    }

    @Test
    void a_fact_told_shows_on_home_and_forget_removes_it_for_good_and_only_for_its_teller() {
        tell("alice", "Remember I prefer bullet points");
        tell("alice", "Remember our Q1 target is $800K");
        Fact preference = awaitFact(f -> f.text().contains("bullet points"));
        Fact target = awaitFact(f -> f.text().contains("800K"));
        assertThat(preference.owner())
                .as("a preference is alice's own")
                .contains(lucy.user("alice").id());

        lucy.user("alice").opensHome();
        HomeView alices = awaitHome(
                "alice", v -> v.text().contains("bullet points") && v.text().contains("800K"));
        assertThat(alices.button(SlackHome.FORGET, preference.id())).isPresent();
        assertThat(alices.button(SlackHome.FORGET, target.id()))
                .as("she told the team's fact")
                .isPresent();
        assertThat(alices.blockCount()).isLessThanOrEqualTo(100);

        lucy.user("bob").opensHome();
        HomeView bobs = awaitHome("bob", v -> v.text().contains("800K"));
        assertThat(bobs.text()).as("another person's own facts are never shown").doesNotContain("bullet points");
        assertThat(bobs.buttons())
                .as("bob told nothing, so he can forget nothing")
                .noneMatch(b -> b.actionId().equals(SlackHome.FORGET));

        // Even a press that names alice's facts (a stale or crafted view) forgets nothing of hers.
        lucy.user("bob").sendsHomeAction(SlackHome.FORGET, preference.id());
        awaitHome("bob", v -> v.version() > bobs.version() && v.text().contains("Only the person who told me"));
        lucy.user("bob").sendsHomeAction(SlackHome.FORGET, target.id());
        awaitHome("bob", v -> v.version() > bobs.version() + 1);
        assertThat(facts()).extracting(Fact::id).contains(preference.id(), target.id());

        String question = "summarise the launch plan in bullet points";
        tell("alice", question);
        assertThat(prompt(question)).as("before: recalled").contains("prefer bullet points");

        lucy.user("alice").clicksInHome(SlackHome.FORGET, preference.id());

        HomeView after = awaitHome(
                "alice", v -> v.version() > alices.version() && !v.text().contains("bullet points"));
        assertThat(after.text()).contains("Forgotten", "800K");
        assertThat(facts()).extracting(Fact::id).doesNotContain(preference.id()).contains(target.id());
        tell("alice", question);
        assertThat(prompt(question)).as("after: never recalled again").doesNotContain("prefer bullet points");
    }

    @Test
    void a_running_task_shows_with_cancel_and_only_its_owner_cancels_it() throws Exception {
        SlackMessage asked = lucy.user("alice").mentionsBot(CHANNEL, DEEP);
        lucy.awaitAnswer(asked, text -> text.contains("background"));
        held.awaitAsked("the task reached the model");
        Task task = lucy.app()
                .engine()
                .runtime()
                .tasksOf(lucy.slack().teamId(), lucy.user("alice").id())
                .getFirst();

        lucy.user("alice").opensHome();
        HomeView alices = awaitHome("alice", v -> v.text().contains("competitors"));
        assertThat(alices.button(SlackHome.CANCEL_TASK, task.id())).isPresent();

        lucy.user("bob").opensHome();
        HomeView bobs = awaitHome("bob", v -> v.text().contains("Nothing is running for you"));
        assertThat(bobs.text()).doesNotContain("competitors");
        lucy.user("bob").sendsHomeAction(SlackHome.CANCEL_TASK, task.id());
        awaitHome("bob", v -> v.version() > bobs.version() && v.text().contains("no task of yours"));
        assertThat(lucy.app()
                        .engine()
                        .runtime()
                        .tasksOf(lucy.slack().teamId(), lucy.user("alice").id()))
                .as("bob's press cancelled nothing")
                .extracting(Task::id)
                .containsExactly(task.id());

        lucy.user("alice").clicksInHome(SlackHome.CANCEL_TASK, task.id());

        HomeView after = awaitHome(
                "alice", v -> v.version() > alices.version() && v.text().contains("Cancelled the task"));
        assertThat(after.text()).contains("Recently", "cancelled");
        assertThat(after.button(SlackHome.CANCEL_TASK, task.id())).isEmpty();
        assertThat(lucy.app()
                        .engine()
                        .runtime()
                        .tasksOf(lucy.slack().teamId(), lucy.user("alice").id()))
                .isEmpty();
        lucy.awaitAnswer(asked, text -> text.contains("Stopped"));
        held.release.countDown();
    }

    @Test
    void a_task_that_ends_moves_to_recent_on_the_home_tab_without_opening_it_again() throws Exception {
        SlackMessage asked = lucy.user("alice").mentionsBot(CHANNEL, DEEP);
        lucy.awaitAnswer(asked, text -> text.contains("background"));
        held.awaitAsked("the task reached the model");
        lucy.user("alice").opensHome();
        HomeView running = awaitHome("alice", v -> v.text().contains("competitors"));
        assertThat(running.buttons()).anyMatch(b -> b.actionId().equals(SlackHome.CANCEL_TASK));

        held.release.countDown();

        HomeView ended = awaitHome(
                "alice", v -> v.version() > running.version() && v.text().contains("completed"));
        assertThat(ended.buttons()).noneMatch(b -> b.actionId().equals(SlackHome.CANCEL_TASK));
        assertThat(lucy.slack().homeView("bob"))
                .as("bob never opened his Home tab")
                .isEmpty();
    }

    @Test
    void schedules_pause_resume_and_delete_from_home_only_for_their_creator() {
        lucy.model()
                .script(request -> request.lastUserText().orElse("").contains(INSTRUCTION)
                        ? E2EModel.scheduleOnWeekdays(request, INSTRUCTION)
                        : held.next(request));
        SlackMessage asked = lucy.user("alice").mentionsBot(CHANNEL, "every weekday at 9 " + INSTRUCTION + " here");
        lucy.awaitAnswer(asked, text -> text.startsWith("Done"));

        lucy.user("alice").opensHome();
        HomeView alices = awaitHome("alice", v -> v.text().contains(INSTRUCTION));
        String id = alices.buttons().stream()
                .filter(b -> b.actionId().equals(SlackHome.PAUSE_SCHEDULE))
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(alices.button(SlackHome.DELETE_SCHEDULE, id)).isPresent();

        // erin, an admin who could change it with /lucy schedules, cannot from Home: it is not hers
        lucy.user("erin").opensHome();
        HomeView erins = awaitHome("erin", v -> v.text().contains("You have no schedules"));
        assertThat(erins.text()).doesNotContain(INSTRUCTION);
        lucy.user("erin").sendsHomeAction(SlackHome.PAUSE_SCHEDULE, id);
        awaitHome("erin", v -> v.version() > erins.version() && v.text().contains("no schedule of yours"));
        lucy.user("erin").sendsHomeAction(SlackHome.DELETE_SCHEDULE, id);
        awaitHome("erin", v -> v.version() > erins.version() + 1 && v.text().contains("no schedule of yours"));
        assertThat(scheduleOfAlice(id))
                .as("erin's presses changed nothing")
                .map(ScheduleTools.View::state)
                .contains("active");

        lucy.user("alice").clicksInHome(SlackHome.PAUSE_SCHEDULE, id);
        HomeView paused = awaitHome(
                "alice", v -> v.version() > alices.version() && v.text().contains("Paused"));
        assertThat(paused.button(SlackHome.RESUME_SCHEDULE, id)).isPresent();
        assertThat(paused.button(SlackHome.PAUSE_SCHEDULE, id)).isEmpty();
        assertThat(scheduleOfAlice(id)).map(ScheduleTools.View::state).contains("paused");

        lucy.user("alice").clicksInHome(SlackHome.RESUME_SCHEDULE, id);
        HomeView resumed = awaitHome(
                "alice", v -> v.version() > paused.version() && v.text().contains("Resumed"));
        assertThat(resumed.button(SlackHome.PAUSE_SCHEDULE, id)).isPresent();
        assertThat(scheduleOfAlice(id)).map(ScheduleTools.View::state).contains("active");

        lucy.user("alice").clicksInHome(SlackHome.DELETE_SCHEDULE, id);
        HomeView deleted = awaitHome(
                "alice", v -> v.version() > resumed.version() && v.text().contains("You have no schedules"));
        assertThat(deleted.text()).contains("Deleted the schedule");
        assertThat(deleted.buttons()).noneMatch(b -> b.value().equals(id));
        assertThat(scheduleOfAlice(id)).isEmpty();
    }

    @Test
    void a_connected_tool_is_disconnected_from_home_only_by_the_person_who_connected_it() throws Exception {
        ops = McpSignInPages.install(OpsServer.builder().port(0), signIns.get())
                .build()
                .start();
        publicUrl.set(URI.create("http://127.0.0.1:" + ops.port()));
        notes.signInAs("alice@notes");
        lucy.user("alice").runsCommand(CHANNEL, "/lucy", "connect notes");
        Matcher url = LINK.matcher(
                lucy.slack().awaitEphemeral(CHANNEL, 1, LucyE2E.WAIT).text());
        assertThat(url.find()).isTrue();
        HttpResponse<String> page;
        try (HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {
            page = browser.send(
                    HttpRequest.newBuilder(URI.create(url.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(page.body()).contains("Lucy can now use notes for you");

        lucy.user("alice").opensHome();
        HomeView alices = awaitHome("alice", v -> v.text().contains("connected with your account"));
        assertThat(alices.button(SlackHome.DISCONNECT, "notes")).isPresent();
        lucy.user("erin").opensHome();
        HomeView erins = awaitHome("erin", v -> v.text().contains("not connected"));
        assertThat(erins.buttons()).noneMatch(b -> b.actionId().equals(SlackHome.DISCONNECT));

        // erin's forged press ends nothing of alice's
        lucy.user("erin").sendsHomeAction(SlackHome.DISCONNECT, "notes");
        awaitHome("erin", v -> v.version() > erins.version() && v.text().contains("nothing to disconnect"));
        assertThat(connected("alice")).as("alice is still connected").isTrue();
        assertThat(notes.revokedTokens()).isZero();

        lucy.user("alice").clicksInHome(SlackHome.DISCONNECT, "notes");

        HomeView after = awaitHome(
                "alice", v -> v.version() > alices.version() && v.text().contains("Disconnected notes"));
        assertThat(after.button(SlackHome.DISCONNECT, "notes")).isEmpty();
        assertThat(after.text()).contains("not connected");
        assertThat(connected("alice")).isFalse();
        assertThat(notes.revokedTokens())
                .as("her tokens were revoked at the service")
                .isPositive();
    }

    private Optional<ScheduleTools.View> scheduleOfAlice(String id) {
        Caller alice = new Caller(lucy.slack().teamId(), lucy.user("alice").id(), "home");
        return lucy.app().engine().scheduleTools().listSchedules(alice).stream()
                .filter(v -> v.id().equals(id))
                .findFirst();
    }

    private boolean connected(String person) {
        Caller caller = new Caller(lucy.slack().teamId(), lucy.user(person).id(), "home");
        return lucy.app().engine().mcpServers().connection(caller, "notes") instanceof ConnectionResolver.Connected;
    }

    private void tell(String user, String text) {
        SlackMessage said = lucy.user(user).mentionsBot(CHANNEL, text);
        lucy.awaitAnswer(said, answer -> !answer.isBlank() && !answer.contains("hourglass"));
    }

    private List<Fact> facts() {
        return lucy.app()
                .engine()
                .memoryAdmin()
                .list(FactQuery.workspace(lucy.slack().teamId()));
    }

    private Fact awaitFact(Predicate<Fact> wanted) {
        return lucy.slack()
                .await(
                        "a stored fact",
                        LucyE2E.WAIT,
                        () -> facts().stream().filter(wanted).findFirst());
    }

    private HomeView awaitHome(String user, Predicate<HomeView> wanted) {
        return lucy.slack().awaitHomeView(user, wanted, LucyE2E.WAIT);
    }

    /** Everything Lucy sent the model for the latest request that asked {@code question}. */
    private String prompt(String question) {
        return lucy.slack()
                .await(
                        "the model asked \"" + question + "\"",
                        LucyE2E.WAIT,
                        () -> lucy.model().requests().stream()
                                .filter(r -> r.lastUserText().orElse("").contains(question))
                                .reduce((first, second) -> second)
                                .map(HomeE2ETest::allText));
    }

    private static String allText(ModelRequest request) {
        StringBuilder all = new StringBuilder();
        request.messages()
                .forEach(m ->
                        all.append(Optional.ofNullable(m.content()).orElse("")).append('\n'));
        return all.toString();
    }
}
