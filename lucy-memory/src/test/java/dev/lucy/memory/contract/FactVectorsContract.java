package dev.lucy.memory.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.spi.Embeddings;
import dev.lucy.memory.Category;
import dev.lucy.memory.Fact;
import dev.lucy.memory.Source;
import dev.lucy.memory.Target;
import dev.lucy.memory.spi.FactVectors;
import dev.lucy.memory.spi.FactVectors.Near;
import dev.lucy.memory.spi.MemoryAdminStore;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FactVectors} must do, {@link FactVectors#inMemory} included. Extend it: open a memory store on an
 * empty database in {@link #openStore()}, its vectors in {@link #vectorsOf}, and a second store on the same database
 * (another process) in {@link #openSecondStore()}.
 */
public abstract class FactVectorsContract {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final String MODEL = "hashing-64";
    private final Embeddings embeddings = Embeddings.hashing(64);

    protected MemoryAdminStore store;
    protected FactVectors vectors;

    protected abstract MemoryAdminStore openStore();

    protected abstract MemoryAdminStore openSecondStore();

    protected abstract FactVectors vectorsOf(MemoryAdminStore store);

    protected void closeStores() {}

    @BeforeEach
    void open() {
        store = openStore();
        vectors = vectorsOf(store);
    }

    @AfterEach
    void close() {
        closeStores();
    }

    private Fact stored(String ws, Optional<String> owner, String subject, String text) {
        Fact f = Fact.create(
                UUID.randomUUID().toString(),
                ws,
                owner,
                subject,
                text,
                Category.FACT,
                Target.COMPANY,
                new Source("U1", "C1", T0));
        Fact kept = store.write(f).fact();
        vectors.put(kept, MODEL, embeddings.embed(text));
        return kept;
    }

    private float[] query(String text) {
        return embeddings.embed(text);
    }

    @Test
    void finds_the_nearest_fact_first_with_its_similarity() {
        Fact runbook = stored("T1", Optional.empty(), "deploy runbook", "The deploy runbook lives in Notion");
        stored("T1", Optional.empty(), "lunch", "Lunch is at noon on Fridays");

        var near = vectors.nearest("T1", "U1", MODEL, query("where does the deploy runbook live"), 2);

        assertThat(near).first().extracting(Near::fact).isEqualTo(runbook);
        assertThat(near.getFirst().similarity()).isBetween(0.3f, 1.0f);
    }

    @Test
    void leaves_out_superseded_facts_other_peoples_personal_facts_and_other_workspaces() {
        Fact old = stored("T1", Optional.empty(), "hq", "Our HQ is in Berlin");
        Fact current = stored("T1", Optional.empty(), "hq", "Our HQ is in Paris");
        stored("T1", Optional.of("U2"), "hq visit", "My HQ visit is in May");
        stored("T2", Optional.empty(), "hq", "Our HQ is in Lisbon");

        var near = vectors.nearest("T1", "U1", MODEL, query("Our HQ is in Berlin"), 10);

        assertThat(near).extracting(Near::fact).containsExactly(current);
        assertThat(near).extracting(n -> n.fact().id()).doesNotContain(old.id());
    }

    @Test
    void finds_its_own_fact_when_another_workspace_holds_many_nearer_ones() {
        Fact ours = stored("T1", Optional.empty(), "lunch", "Lunch is at noon on Fridays");
        for (int i = 0; i < 40; i++) {
            stored("T2", Optional.empty(), "hq " + i, "Our head office is in Berlin, floor " + i);
        }

        var near = vectors.nearest("T1", "U1", MODEL, query("Our head office is in Berlin"), 1);

        // a search that walked the other workspace's vectors and filtered afterwards would come back empty
        assertThat(near).extracting(Near::fact).containsExactly(ours);
    }

    @Test
    void a_forgotten_fact_is_never_found_again() {
        Fact secretish = stored("T1", Optional.empty(), "vpn", "The VPN gateway is vpn.acme.io");

        store.delete("T1", secretish.id());

        assertThat(vectors.nearest("T1", "U1", MODEL, query("The VPN gateway is vpn.acme.io"), 5))
                .isEmpty();
    }

    @Test
    void vectors_of_another_model_are_never_compared() {
        stored("T1", Optional.empty(), "office", "The office closes at six");

        assertThat(vectors.nearest("T1", "U1", "another-model", query("The office closes at six"), 5))
                .isEmpty();
    }

    @Test
    void storing_a_facts_vector_again_changes_nothing() {
        Fact f = stored("T1", Optional.empty(), "standup", "Standup is at 9:30");
        vectors.put(f, MODEL, embeddings.embed("something else entirely"));

        var near = vectors.nearest("T1", "U1", MODEL, query("Standup is at 9:30"), 5);

        assertThat(near).extracting(Near::fact).containsExactly(f);
        assertThat(near.getFirst().similarity()).isGreaterThan(0.99f);
    }

    @Test
    void a_vector_stored_by_another_process_is_found_once_there() {
        stored("T1", Optional.empty(), "one", "The first fact is here");
        // this process has searched (and read what the table held) before the other one writes
        assertThat(vectors.nearest("T1", "U1", MODEL, query("first fact"), 5)).hasSize(1);
        MemoryAdminStore other = openSecondStore();
        FactVectors otherVectors = vectorsOf(other);
        Fact f = Fact.create(
                UUID.randomUUID().toString(),
                "T1",
                Optional.empty(),
                "wifi",
                "The guest wifi password rotates monthly",
                Category.FACT,
                Target.COMPANY,
                new Source("U1", "C1", T0));
        other.write(f);
        otherVectors.put(f, MODEL, embeddings.embed(f.text()));

        assertThat(vectors.nearest("T1", "U1", MODEL, query("guest wifi password rotates"), 1))
                .extracting(n -> n.fact().id())
                .containsExactly(f.id());
    }
}
