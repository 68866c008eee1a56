package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.app.ops.McpSignInPages;
import dev.lucy.app.ops.OpsServer;
import dev.lucy.app.ops.SlackInstallPages;
import dev.lucy.app.slack.SlackHome;
import dev.lucy.app.slack.SlackOAuthConfig;
import dev.lucy.app.slack.SlackWorkspaces;
import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.runtime.Task;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.store.Database;
import dev.lucy.store.JdbcMcpTokenStore;
import dev.lucy.store.SecretBox;
import dev.lucy.testkit.OAuthMcpServer;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Turn;
import dev.lucy.testkit.slack.ApiCall;
import dev.lucy.testkit.slack.HomeView;
import dev.lucy.testkit.slack.RateLimits;
import dev.lucy.testkit.slack.SharedFile;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.tools.McpOAuth;
import dev.lucy.tools.McpServerConfig;
import dev.lucy.tools.McpServers;
import dev.lucy.tools.spi.ConnectionResolver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One Lucy serving two Slack workspaces: the first through its bot token as always, the second installed through
 * Slack's OAuth v2 flow on Lucy's HTTP endpoint (followed with the JDK's HTTP client, as a browser would). Each is
 * answered with its own token in its own channels, and nothing of one (memory, schedules, files, background tasks,
 * settings, tool connections) is visible or usable from the other; an uninstall deletes the workspace's tokens, and a rotating token is refreshed before it expires.
 */
class WorkspacesE2ETest {
    static final String SECOND = "T0SECOND01";
    static final String SUPPORT = "support";
    private static final String INSTRUCTION = "post the open bugs of Apollo";
    private static final String DEEP = "do a deep dive on our competitors' pricing and write a full report";
    private static final String CAPTAIN = "Always answer in the voice of a ship's captain.";
    private static final LucyConfig TIERS = ConfigLoader.load(Map.of(
            "LUCY_MODEL", "everyday-model",
            "LUCY_MODEL_FAST", "fast-model",
            "LUCY_MODEL_FRONTIER", "frontier-model"));

    private final AtomicReference<URI> publicUrl = new AtomicReference<>(URI.create("http://127.0.0.1:1"));
    private final ManualClock tokenClock = ManualClock.startingAt(Instant.now());
    private final OAuthMcpServer notes = OAuthMcpServer.start();
    private final AtomicReference<McpOAuth> signIns = new AtomicReference<>();
    private final HeldModel held = new HeldModel("deep dive");
    private OpsServer ops;

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .simulator(sim -> sim.user("alice")
                    .user("bob")
                    .admin("erin")
                    .workspace(SECOND, "Second Company", "second")
                    .adminIn(SECOND, "carol")
                    .userIn(SECOND, "dave")
                    .channelIn(SECOND, SUPPORT)
                    .tokenRotation(Duration.ofHours(12)))
            .app(app -> app.slackInstalls(
                            SlackOAuthConfig.of(slack().clientId(), slack().clientSecret())
                                    .withAuthorizeUrl(slack().authorizeUrl()),
                            SecretBox.of(SecretBox.newKey()),
                            publicUrl::get)
                    .tokenClock(tokenClock)
                    .resilience(TIERS.resilienceConfig())
                    .engine(engine -> engine.mcpServers(notesServer(engine.database()))));

    /** A service each person connects with their own account, on the same public address as the install pages. */
    private McpServers notesServer(Database database) {
        McpOAuth oauth = McpOAuth.create(
                JdbcMcpTokenStore.open(database, SecretBox.of(SecretBox.newKey()), Clock.systemUTC()),
                publicUrl::get,
                Clock.systemUTC());
        signIns.set(oauth);
        return McpServers.builder(List.of(McpServerConfig.remote("notes", notes.endpoint())
                        .oauth(McpServerConfig.OAuth.dynamic())
                        .build()))
                .oauth(oauth)
                .build();
    }

    private dev.lucy.testkit.slack.SlackSimulator slack() {
        return lucy.slack();
    }

    @AfterEach
    void stopOps() {
        held.release.countDown();
        if (ops != null) {
            ops.close();
        }
        notes.close();
    }

    @Test
    void a_second_workspace_installed_through_oauth_is_answered_in_its_own_channel_with_its_own_token()
            throws Exception {
        String page = install();

        assertThat(page).contains("Lucy is installed").contains("Second Company");
        assertThat(lucy.slack().installedIn(SECOND)).isTrue();
        SlackMessage asked = lucy.user("carol").mentionsBot(SUPPORT, "How do refunds work?");
        assertThat(lucy.awaitAnswer(asked, text -> text.contains("refunds")).text())
                .isEqualTo(E2EModel.answerTo("How do refunds work?"));
        assertThat(lucy.slack().calls("chat.postMessage"))
                .as("no call went out with a token that could not see its channel")
                .allMatch(call -> call.error().isEmpty());

        SlackMessage first = lucy.user("alice").mentionsBot(CHANNEL, "Are you still with us?");
        assertThat(lucy.awaitAnswer(first, text -> !text.isBlank()).text()).isNotBlank();
        lucy.awaitSettled();
        assertThat(lucy.slack().calls())
                .as("every call found its channel: each workspace's with its own token")
                .noneMatch(call -> call.error()
                        .filter(e ->
                                e.equals("channel_not_found") || e.equals("not_in_channel") || e.equals("invalid_auth"))
                        .isPresent());
    }

    @Test
    void in_the_second_workspace_lucy_knows_its_own_user_there() throws Exception {
        install();
        String lucyThere = lucy.slack().botUserId(SECOND);
        assertThat(lucyThere)
                .as("Slack gives Lucy another user in each workspace")
                .isNotEqualTo(lucy.slack().botUserId());
        assertThat(lucy.app().workspaces().orElseThrow().botUserId(SECOND)).contains(lucyThere);

        // a mention of Lucy's user there reaches the model without the mention
        SlackMessage asked = lucy.user("carol").mentionsBot(SUPPORT, "How do refunds work?");
        assertThat(asked.text()).startsWith("<@" + lucyThere + ">");
        SlackMessage answer = lucy.awaitAnswer(asked, text -> text.contains("refunds"));
        assertThat(modelRequestFor("How do refunds work?").lastUserText()).contains("How do refunds work?");

        // its own answer there is its own in the thread's history, not something a person said
        SlackMessage followUp = lucy.user("carol").repliesTo(asked, "And for yearly plans?");
        lucy.awaitAnswer(followUp, text -> text.contains("yearly plans"));
        List<dev.lucy.core.model.Message> history =
                modelRequestFor("And for yearly plans?").messages();
        assertThat(history)
                .as("the first answer is Lucy's")
                .anyMatch(m -> m instanceof dev.lucy.core.model.Message.Assistant
                        && m.content() != null
                        && m.content().contains(answer.text()))
                .noneMatch(m -> m instanceof dev.lucy.core.model.Message.User
                        && m.content() != null
                        && m.content().contains(answer.text()));

        // a mention that comes from Lucy's own user there is never taken as a person's question
        lucy.slack().emitEvent("""
                {"type": "app_mention", "user": "%s", "channel": "%s", "ts": "%d.000100",
                 "text": "<@%s> Which of you said this to yourself?"}
                """.formatted(
                lucyThere, lucy.slack().channelId(SUPPORT), Instant.now().getEpochSecond(), lucyThere));
        SlackMessage later = lucy.user("carol").mentionsBot(SUPPORT, "One more question?");
        lucy.awaitAnswer(later, text -> text.contains("One more question"));
        lucy.awaitSettled();
        assertThat(lucy.model().requests())
                .noneMatch(r -> r.lastUserText().orElse("").contains("said this to yourself"));
    }

    @Test
    void slacks_limits_in_one_workspace_never_hold_lucy_back_in_another() throws Exception {
        install();
        String general = lucy.slack().channelId(CHANNEL);
        String support = lucy.slack().channelId(SUPPORT);
        // Slack counts per method and workspace: one reaction a minute in each, more gets 429 and a Retry-After.
        lucy.slack()
                .rateLimits(
                        RateLimits.off().with("reactions.add", new RateLimits.Limit(1, Duration.ofMinutes(1), false)));
        lucy.user("alice").mentionsBot(CHANNEL, "thanks!");
        lucy.user("alice").mentionsBot(CHANNEL, "thank you so much!");
        lucy.slack()
                .awaitTrue(
                        "Slack to refuse a reaction in the first workspace",
                        LucyE2E.WAIT,
                        () -> reactions(general).stream().anyMatch(c -> c.httpStatus() == 429));

        lucy.user("carol").mentionsBot(SUPPORT, "thanks!");

        lucy.slack()
                .awaitTrue(
                        "Lucy's reaction in the second workspace",
                        LucyE2E.WAIT,
                        () -> reactions(support).stream().anyMatch(c -> c.httpStatus() == 200));
        List<ApiCall> calls = lucy.slack().calls("reactions.add");
        int refused = indexOf(calls, c -> c.httpStatus() == 429);
        int reacted = indexOf(calls, c -> inChannel(c, support) && c.httpStatus() == 200);
        int retried = calls.size();
        for (int i = refused + 1; i < calls.size(); i++) {
            if (inChannel(calls.get(i), general)) {
                retried = i;
                break;
            }
        }
        assertThat(reacted)
                .as("the second workspace reacted without waiting for the first's Retry-After to pass")
                .isGreaterThan(refused)
                .isLessThan(retried);
        assertThat(reactions(support))
                .as("nothing in the second workspace was refused")
                .allMatch(c -> c.httpStatus() == 200);
    }

    private List<ApiCall> reactions(String channel) {
        return lucy.slack().calls("reactions.add").stream()
                .filter(c -> inChannel(c, channel))
                .toList();
    }

    private static boolean inChannel(ApiCall call, String channel) {
        return call.argument("channel").filter(channel::equals).isPresent();
    }

    private static int indexOf(List<ApiCall> calls, java.util.function.Predicate<ApiCall> wanted) {
        for (int i = 0; i < calls.size(); i++) {
            if (wanted.test(calls.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void an_install_link_works_once() throws Exception {
        startOps();
        HttpResponse<String> page = browse(publicUrl.get().resolve(SlackOAuthConfig.INSTALL_PATH));
        assertThat(page.body()).contains("Lucy is installed");
        assertThat(page.uri().getPath()).isEqualTo(SlackOAuthConfig.REDIRECT_PATH);

        HttpResponse<String> replayed = browse(page.uri());

        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.body()).contains("expired or was already used");
        assertThat(lucy.slack().calls("oauth.v2.access")).hasSize(1);
    }

    @Test
    void isolation_nothing_of_one_workspace_is_visible_or_usable_from_the_other() throws Exception {
        install();
        // memory: a fact told in the first workspace
        SlackMessage remember = lucy.user("alice").mentionsBot(CHANNEL, "Remember our Q1 target is $800K");
        lucy.awaitAnswer(remember, text -> text.contains("Noted"));
        awaitFacts(lucy.slack().teamId(), 1);

        // ... is not recalled in the second
        SlackMessage question = lucy.user("carol").mentionsBot(SUPPORT, "What's our revenue target?");
        assertThat(lucy.awaitAnswer(question, text -> !text.isBlank()).text()).contains("don't know");
        assertThat(modelRequestFor("What's our revenue target?").messages())
                .as("the second workspace's prompt carries nothing of the first's memory")
                .noneMatch(m -> m.content() != null && m.content().contains("800K"));
        // ... and the second workspace's memory holds nothing
        assertThat(lucy.app().engine().memoryAdmin().list(FactQuery.workspace(SECOND)))
                .isEmpty();

        // schedules: one made in the first workspace
        lucy.model().script(this::schedulingModel);
        SlackMessage ask = lucy.user("alice").mentionsBot(CHANNEL, "every weekday at 9 " + INSTRUCTION + " here");
        assertThat(lucy.awaitAnswer(ask, text -> text.startsWith("Done")).text())
                .startsWith("Done");
        String general = lucy.slack().channelId(CHANNEL);
        lucy.user("alice").runsCommand(CHANNEL, "/lucy", "schedules");
        assertThat(lucy.slack()
                        .awaitEphemeral(general, 1, LucyE2E.WAIT)
                        .blocks()
                        .orElse(""))
                .contains(INSTRUCTION);
        // ... is not listed in the second, not even for the same command
        String support = lucy.slack().channelId(SUPPORT);
        lucy.user("carol").runsCommand(SUPPORT, "/lucy", "schedules");
        SlackMessage listed = lucy.slack().awaitEphemeral(support, 1, LucyE2E.WAIT);
        assertThat(listed.blocks().orElse("") + listed.text())
                .doesNotContain(INSTRUCTION)
                .contains("You have no schedules");
        // ... nor, through the schedules tool, to an admin of the second (who sees all of their own workspace's)
        SlackMessage mine = lucy.user("alice").mentionsBot(CHANNEL, "please list the schedules");
        assertThat(lucy.awaitAnswer(mine, text -> text.startsWith("Schedules")).text())
                .as("the tool lists the schedule in its own workspace")
                .contains(INSTRUCTION);
        SlackMessage theirs = lucy.user("carol").mentionsBot(SUPPORT, "please list the schedules");
        assertThat(lucy.awaitAnswer(theirs, text -> text.startsWith("Schedules"))
                        .text())
                .doesNotContain(INSTRUCTION);

        // the first workspace's memory cannot be forgotten from the second
        lucy.user("carol").runsCommand(SUPPORT, "/lucy", "forget our Q1 target");
        SlackMessage forget = lucy.slack().awaitEphemeral(support, 2, LucyE2E.WAIT);
        assertThat(forget.text()).contains("nothing was forgotten");
        assertThat(awaitFacts(lucy.slack().teamId(), 1)).extracting(Fact::text).anyMatch(t -> t.contains("800K"));

        // files: each workspace's file is read with its own token, and one's never reaches the other's prompt
        SlackMessage ours = lucy.user("alice")
                .mentionsBotWith(
                        CHANNEL, "read our plan", SharedFile.text("plan.md", "text/markdown", "Codename Zephyr\n"));
        lucy.awaitAnswer(ours, text -> text.contains("read our plan"));
        SlackMessage theirFile = lucy.user("carol")
                .mentionsBotWith(SUPPORT, "read this note", SharedFile.text("note.md", "text/markdown", "Ticket 42\n"));
        lucy.awaitAnswer(theirFile, text -> text.contains("read this note"));
        assertThat(lucy.slack().fileDownloads(ours.fileIds().get(0))).isEqualTo(1);
        assertThat(lucy.slack().fileDownloads(theirFile.fileIds().get(0)))
                .as("the second workspace's file was downloaded with its own token")
                .isEqualTo(1);
        assertThat(modelRequestFor("read this note").messages())
                .anyMatch(m -> m.content() != null && m.content().contains("Ticket 42"))
                .noneMatch(m -> m.content() != null && m.content().contains("Zephyr"));

        lucy.awaitSettled();
        assertThat(lucy.slack().calls())
                .as("no call went to a channel of the other workspace")
                .noneMatch(
                        call -> call.error().filter("channel_not_found"::equals).isPresent());
    }

    /*
     * In the checks below alice also runs /lucy in the second workspace's channel, with her one user id: a person of an
     * Enterprise Grid org has the same id in every workspace of it. Only the workspace keeps her things apart there.
     */

    @Test
    void isolation_a_background_task_is_neither_listed_nor_cancelled_from_the_other_workspace() throws Exception {
        install();
        lucy.model().script(held);
        SlackMessage asked = lucy.user("alice").mentionsBot(CHANNEL, DEEP);
        lucy.awaitAnswer(asked, text -> text.contains("background"));
        held.awaitAsked("the task reached the model");
        Task task = tasksOfAlice().getFirst();
        assertThat(lucyCommand("alice", CHANNEL, "status").text())
                .as("listed in its own workspace")
                .contains("competitors");

        // not listed in the second workspace: not to its people, not to alice there
        assertThat(lucyCommand("carol", SUPPORT, "status").text()).isEqualTo("You have no background tasks running.");
        assertThat(lucyCommand("alice", SUPPORT, "status").text()).isEqualTo("You have no background tasks running.");
        lucy.user("carol").opensHome();
        HomeView carols =
                lucy.slack().awaitHomeView("carol", v -> v.text().contains("Nothing is running for you"), LucyE2E.WAIT);
        assertThat(carols.text()).doesNotContain("competitors");

        // ... and a Cancel press naming it there (a stale or crafted view) cancels nothing
        lucy.user("carol").sendsHomeAction(SlackHome.CANCEL_TASK, task.id());
        lucy.slack()
                .awaitHomeView(
                        "carol",
                        v -> v.version() > carols.version() && v.text().contains("no task of yours"),
                        LucyE2E.WAIT);
        assertThat(tasksOfAlice()).extracting(Task::id).containsExactly(task.id());
        assertThat(lucy.botMessages(asked)).noneMatch(m -> m.text().contains("Stopped"));

        held.release.countDown();
        lucy.awaitAnswer(asked, text -> text.startsWith("You asked"));
    }

    private List<Task> tasksOfAlice() {
        return lucy.app()
                .engine()
                .runtime()
                .tasksOf(lucy.slack().teamId(), lucy.user("alice").id());
    }

    @Test
    void isolation_settings_of_one_workspace_never_change_the_other() throws Exception {
        install();
        lucy.slack().createdBy(CHANNEL, "alice");
        lucyCommand("alice", CHANNEL, "config tier frontier");
        lucyCommand("alice", CHANNEL, "config tools create_task");
        lucyCommand("erin", CHANNEL, "config workspace persona \"" + CAPTAIN + "\"");

        String ours = "please write a short note for the team about moving the weekly planning meeting to Thursday";
        String theirs = "please write a short note for the team about moving the monthly review meeting to Friday";
        lucy.awaitAnswer(lucy.user("bob").mentionsBot(CHANNEL, ours), text -> text.contains("You asked: " + ours));
        lucy.awaitAnswer(
                lucy.user("carol").mentionsBot(SUPPORT, theirs), text -> text.contains("You asked: " + theirs));

        ModelRequest configured = modelRequestFor(ours);
        assertThat(configured.model()).isEqualTo("frontier-model");
        assertThat(configured.toolNames()).containsExactly("create_task");
        assertThat(configured.messages().getFirst().content()).contains(CAPTAIN);
        ModelRequest untouched = modelRequestFor(theirs);
        assertThat(untouched.model())
                .as("the second workspace's mention goes to Lucy's default tier")
                .isEqualTo("everyday-model");
        assertThat(untouched.toolNames()).isNotEmpty().isNotEqualTo(List.of("create_task"));
        assertThat(untouched.messages())
                .as("nor does the first workspace's persona reach the second's prompt")
                .noneMatch(m -> m.content() != null && m.content().contains("ship's captain"));

        // /lucy config in the second workspace shows its own settings: Lucy's defaults, changed by nobody
        String support = lucy.slack().channelId(SUPPORT);
        assertThat(lucyCommand("carol", SUPPORT, "config").text())
                .startsWith("Settings in effect in <#" + support + ">:")
                .contains("• Extra instructions: none (Lucy's default)")
                .contains("• Model tier: picked per message (Lucy's default)")
                .contains("• Tools: all (Lucy's default)");
        assertThat(lucyCommand("carol", SUPPORT, "config history").text())
                .isEqualTo("Nobody has changed a setting here yet.");

        // carol, an admin of the second workspace, changes nothing in a channel of the first
        assertThat(lucyCommand("carol", CHANNEL, "config tier fast").text())
                .startsWith("Only the person who created this channel or a workspace admin can change its settings.");
        assertThat(lucyCommand("carol", CHANNEL, "config workspace persona \"Answer in rhymes.\"")
                        .text())
                .startsWith("Only a workspace admin or owner can change the workspace's settings.");
        assertThat(lucyCommand("bob", CHANNEL, "config").text())
                .contains("• Model tier: frontier (set for this channel)")
                .contains(CAPTAIN)
                .doesNotContain("rhymes");
    }

    @Test
    void isolation_a_tool_connection_of_one_workspace_is_not_usable_from_the_other() throws Exception {
        install();
        askNotesWhoAmI();
        connectNotes("alice", CHANNEL, "alice@notes");
        awaitNotesTools();
        assertThat(askNotes("alice", CHANNEL, "who am I on notes?")).contains("alice@notes");

        // the tool named by a person of the second workspace asks them to connect; alice there is not connected
        assertThat(askNotes("carol", SUPPORT, "who am I on notes, says carol?"))
                .contains("/lucy connect notes")
                .doesNotContain("alice@notes");
        assertThat(lucyCommand("alice", SUPPORT, "connect notes").text())
                .as("alice is offered a sign-in of her own there")
                .contains("sign in to notes")
                .doesNotContain("already");
        assertThat(lucyCommand("alice", SUPPORT, "disconnect notes").text())
                .as("and cannot end her first workspace's connection from there")
                .contains("nothing to disconnect");

        assertThat(askNotes("alice", CHANNEL, "and who am I on notes now?")).contains("alice@notes");
        assertThat(notes.calls())
                .as("only alice's questions in the first workspace reached notes")
                .containsExactly("alice@notes: whoami", "alice@notes: whoami");
        assertThat(notes.revokedTokens()).isZero();
    }

    /** Asks {@code question} as {@code person} in {@code channel} of a model that calls notes; returns the answer. */
    private String askNotes(String person, String channel, String question) {
        SlackMessage asked = lucy.user(person).mentionsBot(channel, question);
        return lucy.awaitAnswer(asked, text -> text.startsWith("Notes said")).text();
    }

    /** Runs {@code /lucy TEXT} as {@code person} in {@code channel}; returns what Lucy showed them alone. */
    private SlackMessage lucyCommand(String person, String channel, String text) {
        String channelId = lucy.slack().channelId(channel);
        int before = lucy.slack().ephemeralMessages(channelId).size();
        lucy.user(person).runsCommand(channel, "/lucy", text);
        SlackMessage shown = lucy.slack().awaitEphemeral(channelId, before + 1, LucyE2E.WAIT);
        assertThat(shown.visibleTo()).contains(lucy.user(person).id());
        return shown;
    }

    @Test
    void an_uninstall_deletes_the_workspaces_tokens_and_leaves_the_first_workspace_answered() throws Exception {
        install();
        SlackMessage before = lucy.user("carol").mentionsBot(SUPPORT, "Hello there, what can you do?");
        lucy.awaitAnswer(before, text -> !text.isBlank());
        SlackWorkspaces workspaces = lucy.app().workspaces().orElseThrow();
        assertThat(workspaces.botUserId(SECOND)).isPresent();

        lucy.slack().uninstall(SECOND);

        lucy.slack()
                .awaitTrue(
                        "Lucy to forget the second workspace",
                        LucyE2E.WAIT,
                        () -> workspaces.botUserId(SECOND).isEmpty());
        int stored = lucy.app().engine().database().<Integer>read(c -> {
            try (var rows = c.createStatement()
                    .executeQuery("SELECT COUNT(*) FROM slack_installations WHERE workspace_id = '" + SECOND + "'")) {
                rows.next();
                return rows.getInt(1);
            }
        });
        assertThat(stored).isZero();
        assertThat(workspaces.workspaceOf(lucy.slack().channelId(SUPPORT))).isEmpty();
        SlackMessage first = lucy.user("alice").mentionsBot(CHANNEL, "Still there?");
        assertThat(lucy.awaitAnswer(first, text -> !text.isBlank()).text()).isNotBlank();
    }

    @Test
    void an_uninstall_ends_the_workspaces_tool_sessions_and_connections_at_once() throws Exception {
        install();
        askNotesWhoAmI();
        connectNotes("carol", SUPPORT, "carol@notes");
        connectNotes("alice", CHANNEL, "alice@notes");
        awaitNotesTools();
        SlackMessage theirs = lucy.user("carol").mentionsBot(SUPPORT, "who am I on notes?");
        assertThat(lucy.awaitAnswer(theirs, text -> text.startsWith("Notes said"))
                        .text())
                .contains("carol@notes");
        SlackMessage ours = lucy.user("alice").mentionsBot(CHANNEL, "who am I on notes?");
        assertThat(lucy.awaitAnswer(ours, text -> text.startsWith("Notes said")).text())
                .contains("alice@notes");
        McpServers servers = lucy.app().engine().mcpServers();
        assertThat(servers.openSessions("notes")).isEqualTo(2);

        lucy.slack().uninstall(SECOND);

        lucy.slack()
                .awaitTrue(
                        "the second workspace's session to notes to close",
                        LucyE2E.WAIT,
                        () -> servers.openSessions("notes") == 1);
        assertThat(servers.connection(person("carol", SECOND), "notes"))
                .as("carol's connection is gone from memory too, without a restart")
                .isInstanceOf(ConnectionResolver.Missing.class);
        assertThat(servers.connection(person("alice", lucy.slack().teamId()), "notes"))
                .as("the first workspace keeps its connections")
                .isInstanceOf(ConnectionResolver.Connected.class);
        SlackMessage still = lucy.user("alice").mentionsBot(CHANNEL, "and who am I on notes now?");
        assertThat(lucy.awaitAnswer(still, text -> text.startsWith("Notes said"))
                        .text())
                .contains("alice@notes");
    }

    private Caller person(String name, String workspace) {
        return new Caller(workspace, lucy.user(name).id(), "home");
    }

    /** Connects notes for a person as they would: {@code /lucy connect notes}, then the link it answers with. */
    /** The model calls notes' whoami, then says what it answered. */
    private void askNotesWhoAmI() {
        lucy.model()
                .script(request -> request.toolResults().isEmpty()
                        ? Reply.toolCall("notes__whoami", "{}")
                        : Reply.text("Notes said: "
                                + request.toolResults().getFirst().content()));
    }

    private void awaitNotesTools() {
        lucy.awaitTool("the notes tools to be listed", "notes__whoami");
    }

    private void connectNotes(String person, String channel, String account) throws Exception {
        notes.signInAs(account);
        String channelId = lucy.slack().channelId(channel);
        int before = lucy.slack().ephemeralMessages(channelId).size();
        lucy.user(person).runsCommand(channel, "/lucy", "connect notes");
        String text =
                lucy.slack().awaitEphemeral(channelId, before + 1, LucyE2E.WAIT).text();
        Matcher link = Pattern.compile("<(http://[^|>]+)\\|").matcher(text);
        assertThat(link.find()).as(text).isTrue();
        assertThat(browse(URI.create(link.group(1))).body()).contains("Lucy can now use notes for you");
    }

    @Test
    void a_rotating_token_about_to_expire_is_refreshed_before_it_is_used() throws Exception {
        install();
        String installed = lucy.slack().botToken(SECOND).orElseThrow();
        SlackMessage early = lucy.user("carol").mentionsBot(SUPPORT, "First question today?");
        lucy.awaitAnswer(early, text -> !text.isBlank());
        assertThat(refreshes()).isEmpty();

        tokenClock.advance(Duration.ofHours(11).plusMinutes(55));
        SlackMessage late = lucy.user("carol").mentionsBot(SUPPORT, "Last question today?");
        assertThat(lucy.awaitAnswer(late, text -> text.contains("Last question"))
                        .text())
                .isNotBlank();

        assertThat(refreshes()).hasSize(1);
        assertThat(lucy.slack().botToken(SECOND)).isPresent().get().isNotEqualTo(installed);
    }

    private List<ApiCall> refreshes() {
        return lucy.slack().calls("oauth.v2.access").stream()
                .filter(call -> call.argument("grant_type")
                        .filter("refresh_token"::equals)
                        .isPresent())
                .toList();
    }

    /** Installs Lucy into the second workspace as a person would, and returns the page they end on. */
    private String install() throws IOException, InterruptedException {
        startOps();
        HttpResponse<String> page = browse(publicUrl.get().resolve(SlackOAuthConfig.INSTALL_PATH));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    /**
     * Serves the install pages on an operations endpoint of the test's own, as {@code ./lucy} does on its own.
     */
    private void startOps() {
        SlackWorkspaces workspaces = lucy.app().workspaces().orElseThrow();
        ops = McpSignInPages.install(
                        SlackInstallPages.install(
                                OpsServer.builder().host("127.0.0.1").port(0), workspaces),
                        signIns.get())
                .build()
                .start();
        publicUrl.set(URI.create("http://127.0.0.1:" + ops.port()));
    }

    private static HttpResponse<String> browse(URI page) throws IOException, InterruptedException {
        try (HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {
            return browser.send(HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private List<Fact> awaitFacts(String team, int count) {
        return lucy.slack().await(count + " stored fact(s)", LucyE2E.WAIT, () -> {
            List<Fact> facts = lucy.app().engine().memoryAdmin().list(FactQuery.workspace(team));
            return facts.size() >= count ? Optional.of(facts) : Optional.empty();
        });
    }

    private ModelRequest modelRequestFor(String text) {
        return lucy.model().requests().stream()
                .filter(r -> r.lastUserText().orElse("").contains(text))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no model request for \"" + text + "\""));
    }

    /** Makes a schedule from the person's words, lists schedules when asked; anything else as {@link E2EModel}. */
    private Turn schedulingModel(ModelRequest request) {
        String asked = request.lastUserText().orElse("");
        if (asked.contains("list the schedules")) {
            return request.toolResults().isEmpty()
                    ? Reply.toolCall("list_schedules", "{}")
                    : Reply.text(
                            "Schedules: " + request.toolResults().getFirst().content());
        }
        if (!asked.contains(INSTRUCTION)) {
            return new E2EModel().next(request);
        }
        return E2EModel.scheduleOnWeekdays(request, INSTRUCTION);
    }
}
