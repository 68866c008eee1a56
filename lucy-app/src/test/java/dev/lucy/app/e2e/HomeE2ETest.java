package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.slack.SlackHome;
import dev.lucy.core.runtime.Task;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.slack.HomeView;
import dev.lucy.testkit.slack.SlackMessage;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The App Home tab as people see it: what Lucy remembers about them and the team, their background tasks, and the
 * Forget and Cancel buttons, which act only for the person who pressed them.
 */
class HomeE2ETest {
    private static final String DEEP = "do a deep dive on our competitors' pricing and write a full report";

    private final HeldModel held = new HeldModel("deep dive");

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create().modelServer(b -> b.script(held));

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
