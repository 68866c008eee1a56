package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.LucyCommandLine;
import dev.lucy.core.model.Message;
import dev.lucy.memory.Category;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.Source;
import dev.lucy.memory.Target;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.slack.SlackMessage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16's second defect as people saw it: "remember my api key is sk-live-... for the deploy" was stored as a
 * shared fact, another person's question put it into their prompt, and {@code ./lucy memory list} printed it.
 */
class SecretsE2ETest {
    private static final String KEY = "sk-live-4f9a8b7c6d5e4f3a2b1c";
    /** The part of the key no mask keeps. */
    private static final String KEY_BODY = "4f9a8b7c6d5e4f3a2b1c";

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create();

    @Test
    void a_key_said_in_chat_is_not_stored_the_person_is_told_once_and_nobody_else_gets_it() {
        SlackMessage said =
                lucy.user("alice").mentionsBot(CHANNEL, "remember my api key is " + KEY + " for the deploy");

        SlackMessage notice = lucy.awaitAnswer(said, text -> text.contains("didn't remember"));
        assertThat(notice.text()).contains("password or key", "never store").doesNotContain(KEY_BODY);
        lucy.awaitSettled();
        assertThat(lucy.botMessages(said))
                .as("told once")
                .filteredOn(m -> m.text().contains("didn't remember"))
                .hasSize(1);
        assertThat(lucy.app().engine().memoryAdmin().list(FactQuery.workspace(team())))
                .as("nothing of the message was stored")
                .isEmpty();

        String question = "What is the api key for the deploy?";
        SlackMessage asked = lucy.user("bob").mentionsBot(CHANNEL, question);
        lucy.awaitAnswer(asked, text -> text.contains("You asked"));
        assertThat(messagesFor(question)).noneMatch(content -> content.contains(KEY_BODY));

        LucyCommandLine.Result list = memoryList();
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).doesNotContain(KEY_BODY);
    }

    @Test
    void a_password_in_a_note_lucy_only_reacts_to_is_not_stored_and_the_person_is_told() {
        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "how do we roll back a release?");
        lucy.awaitAnswer(question, text -> text.contains("roll back"));
        lucy.awaitSettled();

        SlackMessage note = lucy.user("alice").repliesTo(question, "fyi the staging db password is Hunter2!");

        lucy.awaitReaction(note);
        lucy.awaitAnswer(question, text -> text.contains("didn't remember"));
        lucy.awaitSettled();
        assertThat(lucy.modelRequestFor("Hunter2"))
                .as("a note reacted to never reaches the model")
                .isEmpty();
        assertThat(lucy.app().engine().memoryAdmin().list(FactQuery.workspace(team())))
                .isEmpty();
    }

    @Test
    void a_key_stored_before_reaches_neither_another_persons_prompt_nor_the_memory_list() {
        lucy.app()
                .engine()
                .memory()
                .store()
                .write(Fact.create(
                        "slipped-in",
                        team(),
                        Optional.empty(),
                        "note: deploy api key",
                        "The deploy api key is " + KEY + ".",
                        Category.GENERAL,
                        Target.TEAM,
                        new Source("U_ALICE", "C1:1.1", java.time.Instant.now())));

        String question = "What is the deploy api key?";
        SlackMessage asked = lucy.user("bob").mentionsBot(CHANNEL, question);
        lucy.awaitAnswer(asked, text -> text.contains("You asked"));

        assertThat(messagesFor(question))
                .as("the fact is recalled, with the key masked")
                .anyMatch(content -> content.contains("The deploy api key is [redacted API key]."))
                .noneMatch(content -> content.contains(KEY_BODY));
        LucyCommandLine.Result list = memoryList();
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("[redacted API key]").doesNotContain(KEY_BODY);
        LucyCommandLine.Result export = LucyCommandLine.run(dataDir(), "memory", "export", "--workspace", team());
        assertThat(export.out()).contains("redacted API key").doesNotContain(KEY_BODY);
    }

    private String team() {
        return lucy.slack().teamId();
    }

    /** Everything Lucy sent the model to answer {@code question}: system prompt, recalled facts, history. */
    private java.util.List<String> messagesFor(String question) {
        ModelRequest request = lucy.modelRequestFor(question)
                .orElseThrow(() -> new AssertionError("no model request for \"" + question + "\""));
        return request.messages().stream()
                .map(Message::content)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** {@code ./lucy memory list} against the database the running bot uses. */
    private LucyCommandLine.Result memoryList() {
        return LucyCommandLine.run(dataDir(), "memory", "list", "--workspace", team(), "--history");
    }

    private Map<String, String> dataDir() {
        Path file = lucy.app().engine().database().config().sqliteFile().orElseThrow();
        return Map.of("LUCY_DATA_DIR", file.getParent().toString());
    }
}
