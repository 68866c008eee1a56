package dev.lucy.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.spi.ContextContributor.ContextBlock;
import dev.lucy.memory.spi.FactExtractor;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 16's second defect: a key said in chat was stored as a shared fact, recalled for others and listed in clear. */
class SecretsNotRememberedTest {
    private static final String KEY = "sk-live-4f9a8b7c6d5e4f3a2b1c";
    private static final Caller ANA = new Caller("T1", "U_ANA", "C1:1000.1");
    private static final Caller BEN = new Caller("T1", "U_BEN", "C2:3000.1");

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T10:00:00Z"));
    private final MemoryAdminStore store = MemoryStore.inMemory();
    private final MemoryAdmin admin = MemoryAdmin.of(store, clock);

    @Test
    void a_key_said_in_chat_is_refused_and_nothing_of_the_message_is_stored() {
        SessionMemory memory = SessionMemory.builder(store).clock(clock).build();

        Remembered remembered = memory.remember(ANA, "remember my api key is " + KEY + " for the deploy");

        assertThat(remembered).isInstanceOfSatisfying(Remembered.NotStored.class, notStored -> {
            assertThat(notStored.reason()).isEqualTo(Extraction.Reason.SECRET);
            assertThat(notStored.detail()).contains("API key").doesNotContain(KEY);
        });
        assertThat(store.list(FactQuery.workspace("T1").withHistory())).isEmpty();
    }

    @Test
    void a_message_whose_key_was_masked_before_memory_read_it_is_refused_all_the_same() {
        SessionMemory memory = SessionMemory.builder(store).clock(clock).build();

        // As the inbox keeps it, and a restart or another replica reads it.
        Remembered remembered = memory.remember(ANA, "remember my api key is sk-[redacted API key] for the deploy");

        assertThat(remembered).isInstanceOfSatisfying(Remembered.NotStored.class, notStored -> {
            assertThat(notStored.reason()).isEqualTo(Extraction.Reason.SECRET);
            assertThat(notStored.detail()).contains("API key");
        });
        assertThat(store.list(FactQuery.workspace("T1").withHistory())).isEmpty();
    }

    @Test
    void passwords_connection_strings_and_private_keys_are_refused_too() {
        SessionMemory memory = SessionMemory.builder(store).clock(clock).build();

        for (String message : List.of(
                "fyi the staging db password is Hunter2!",
                "We use postgres://app:Pa55word@db/lucy for the app",
                "note that the AWS key is AKIAIOSFODNN7EXAMPLE",
                "Remember our deploy key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA")) {
            assertThat(memory.remember(ANA, message))
                    .as(message)
                    .isEqualTo(new Remembered.NotStored(
                            Extraction.Reason.SECRET, ((Extraction.Rejected) memory.extract(message)).detail()));
        }
        assertThat(store.list(FactQuery.workspace("T1").withHistory())).isEmpty();
    }

    @Test
    void whatever_the_extractor_a_model_never_reads_the_credential_and_its_facts_are_refused() {
        List<String> seen = new ArrayList<>();
        FactExtractor model = message -> {
            seen.add(message);
            return new Extraction.Found(
                    List.of(new Candidate("deploy api key", message, Category.GENERAL, Target.TEAM, false, false)));
        };
        SessionMemory memory =
                SessionMemory.builder(store).clock(clock).extractor(model).build();

        Remembered remembered = memory.remember(ANA, "the deploy api key is " + KEY);

        assertThat(seen).containsExactly("the deploy api key is [redacted API key]");
        assertThat(remembered).isInstanceOf(Remembered.NotStored.class);
        assertThat(store.list(FactQuery.workspace("T1"))).isEmpty();
    }

    @Test
    void a_fact_an_extractor_made_up_with_a_credential_in_it_is_refused() {
        FactExtractor careless = message -> new Extraction.Found(List.of(new Candidate(
                "deploy",
                "Deploy with token ghp_0123456789abcdefghijABCDEFGHIJklmnop",
                Category.GENERAL,
                Target.TEAM,
                false,
                false)));
        SessionMemory memory =
                SessionMemory.builder(store).clock(clock).extractor(careless).build();

        assertThat(memory.extract("how we deploy"))
                .isInstanceOfSatisfying(
                        Extraction.Rejected.class, r -> assertThat(r.reason()).isEqualTo(Extraction.Reason.SECRET));
        assertThat(memory.remember(ANA, "how we deploy")).isInstanceOf(Remembered.NotStored.class);
        assertThat(store.list(FactQuery.workspace("T1"))).isEmpty();
    }

    @Test
    void a_question_that_holds_a_key_is_a_question_not_a_refusal() {
        SessionMemory memory = SessionMemory.builder(store).clock(clock).build();

        assertThat(memory.remember(ANA, "why does my key " + KEY + " fail?"))
                .isInstanceOfSatisfying(
                        Remembered.NotStored.class, n -> assertThat(n.reason()).isEqualTo(Extraction.Reason.QUESTION));
    }

    @Test
    void words_about_keys_and_passwords_are_still_remembered() {
        SessionMemory memory = SessionMemory.builder(store).clock(clock).build();

        assertThat(memory.remember(ANA, "Remember our password manager is 1Password"))
                .isInstanceOf(Remembered.Stored.class);
        assertThat(memory.remember(ANA, "Remember that the token is expired")).isInstanceOf(Remembered.Stored.class);
        assertThat(store.list(FactQuery.workspace("T1")))
                .extracting(Fact::text)
                .contains("Our password manager is 1Password.", "The token is expired.");
    }

    @Test
    void a_key_stored_before_is_masked_when_recalled_for_someone_else() {
        store.write(fact("f1", "deploy api key", "The deploy api key is " + KEY + "."));
        SessionMemory memory = SessionMemory.builder(store).clock(clock).build();

        List<Fact> recalled = memory.recall(BEN, "what is the deploy api key?", 500);
        List<ContextBlock> prompt = memory.contextContributor().contribute(BEN, "what is the deploy api key?", 500);

        assertThat(recalled).extracting(Fact::text).containsExactly("The deploy api key is [redacted API key].");
        assertThat(prompt).hasSize(1);
        assertThat(prompt.get(0).content())
                .contains("deploy api key is [redacted API key]")
                .doesNotContain(KEY);
    }

    @Test
    void a_key_stored_before_is_masked_in_list_inspect_export_and_forget() {
        store.write(fact("f1", "db url", "The db is postgres://app:Pa55word@db/lucy."));
        store.write(fact("f2", "deploy api key", "The deploy api key is " + KEY + "."));

        assertThat(admin.list(FactQuery.workspace("T1")))
                .extracting(Fact::text)
                .containsExactlyInAnyOrder(
                        "The db is postgres://app:[redacted password]@db/lucy.",
                        "The deploy api key is [redacted API key].");
        assertThat(admin.inspect("T1", "f2")).map(Fact::text).contains("The deploy api key is [redacted API key].");
        assertThat(admin.exportMarkdown("T1")).doesNotContain(KEY, "Pa55word").contains("redacted API key");
        assertThat(admin.forgetMatching(BEN, "the deploy api key"))
                .extracting(Fact::text)
                .containsExactly("The deploy api key is [redacted API key].");
        assertThat(store.find("T1", "f2")).as("forgotten for real").isEqualTo(Optional.empty());
    }

    private Fact fact(String id, String subject, String text) {
        return Fact.create(
                id,
                "T1",
                Optional.empty(),
                subject,
                text,
                Category.GENERAL,
                Target.TEAM,
                new Source(ANA.userId(), ANA.conversationId(), clock.instant()));
    }
}
