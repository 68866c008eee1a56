package dev.lucy.memory.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.memory.Category;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.Source;
import dev.lucy.memory.Target;
import dev.lucy.memory.Tier;
import dev.lucy.memory.WriteOutcome;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MemoryAdminStore} must do, {@link MemoryStore#inMemory()} included. Extend it, open a store on an empty database in {@link #openStore()}
 * and a second store on the same database (another "process") in {@link #openSecondStore()}. The end-to-end
 * {@link MemoryScenario} runs on the same stores, as the nested {@link EndToEnd}.
 */
public abstract class MemoryStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    protected MemoryAdminStore store;

    /** A store on a fresh, empty database. */
    protected abstract MemoryAdminStore openStore();

    /** Another store (own connections, own pool) on the same database as the last {@link #openStore()}. */
    protected abstract MemoryAdminStore openSecondStore();

    /** Releases what the test opened; nothing by default. */
    protected void closeStores() {}

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void closeTheStores() {
        closeStores();
    }

    /** The memory scenario end to end on this store: its first store is the test's {@link #store}. */
    @Nested
    class EndToEnd extends MemoryScenario {
        @Override
        protected MemoryStore openStore() {
            return store;
        }

        @Override
        protected MemoryStore openSecondStore() {
            return MemoryStoreContract.this.openSecondStore();
        }
    }

    /** A shared fact stated by {@code user} in workspace {@code ws}. */
    protected static Fact fact(String ws, String user, String subject, String text, Instant at) {
        return Fact.create(
                UUID.randomUUID().toString(),
                ws,
                Optional.empty(),
                subject,
                text,
                Category.FACT,
                Target.COMPANY,
                new Source(user, "C-" + user, at));
    }

    /** A personal fact of {@code user}. */
    protected static Fact personal(String ws, String user, String subject, String text, Instant at) {
        return Fact.create(
                UUID.randomUUID().toString(),
                ws,
                Optional.of(user),
                subject,
                text,
                Category.PREFERENCE,
                Target.SESSION,
                new Source(user, "D-" + user, at));
    }

    @Test
    void stores_a_fact_and_finds_it_again() {
        Fact f = fact("T1", "U1", "q1 target", "Our Q1 target is $800K.", T0);

        WriteOutcome outcome = store.write(f);

        assertThat(outcome).isInstanceOf(WriteOutcome.Inserted.class);
        assertThat(store.find("T1", f.id())).contains(f);
        assertThat(store.list(FactQuery.workspace("T1"))).containsExactly(f);
    }

    @Test
    void stores_the_same_statement_once_and_counts_it_again() {
        store.write(fact("T1", "U1", "q1 target", "Our Q1 target is $800K.", T0));

        WriteOutcome again = store.write(fact("T1", "U2", "q1 target", "our q1 target is $800k", T0.plusSeconds(60)));

        assertThat(again).isInstanceOf(WriteOutcome.Duplicate.class);
        assertThat(again.fact().occurrences()).isEqualTo(2);
        List<Fact> all = store.list(FactQuery.workspace("T1").withHistory());
        assertThat(all).hasSize(1);
        assertThat(all.get(0).occurrences()).isEqualTo(2);
        assertThat(all.get(0).lastSeenAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void a_new_fact_about_the_same_subject_supersedes_the_old_one_and_keeps_it_as_history() {
        Fact jira = fact("T1", "U1", "tool: issue tracker", "We use Jira.", T0);
        store.write(jira);
        Fact linear = fact("T1", "U2", "tool: issue tracker", "We switched to Linear.", T0.plusSeconds(3600));

        WriteOutcome outcome = store.write(linear);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        WriteOutcome.Superseded.class,
                        s -> assertThat(s.closed()).extracting(Fact::id).containsExactly(jira.id()));
        assertThat(store.list(FactQuery.workspace("T1")))
                .extracting(Fact::text)
                .containsExactly("We switched to Linear.");
        Fact old = store.find("T1", jira.id()).orElseThrow();
        assertThat(old.validTo()).contains(T0.plusSeconds(3600));
        assertThat(old.supersededBy()).contains(linear.id());
        assertThat(store.list(FactQuery.workspace("T1").withHistory())).hasSize(2);
    }

    @Test
    void personal_facts_of_different_users_never_supersede_each_other() {
        store.write(personal("T1", "U1", "preference: format", "I prefer bullet points.", T0));
        store.write(personal("T1", "U2", "preference: format", "I prefer tables.", T0.plusSeconds(1)));

        assertThat(store.list(FactQuery.workspace("T1"))).hasSize(2);
        assertThat(store.list(FactQuery.workspace("T1").visibleTo("U1")))
                .extracting(Fact::text)
                .containsExactly("I prefer bullet points.");
    }

    @Test
    void search_finds_active_facts_by_term_and_never_another_users_personal_facts() {
        store.write(fact("T1", "U1", "q1 target", "Our Q1 target is $800K.", T0));
        store.write(personal("T1", "U2", "preference: target", "I prefer targets shown in euros.", T0));
        store.write(fact("T2", "U1", "q1 target", "Our Q1 target is $5M.", T0));

        List<Fact> found = store.search("T1", "U1", Set.of("target"), 10);

        assertThat(found).extracting(Fact::text).containsExactly("Our Q1 target is $800K.");
        assertThat(store.search("T1", "U2", Set.of("target"), 10)).hasSize(2);
        assertThat(store.search("T1", "U1", Set.of("nothing"), 10)).isEmpty();
        assertThat(store.search("T1", "U1", Set.of(), 10)).isEmpty();
    }

    @Test
    void search_leaves_out_superseded_facts() {
        store.write(fact("T1", "U1", "tool: issue tracker", "We use Jira for issues.", T0));
        store.write(fact("T1", "U1", "tool: issue tracker", "We switched to Linear for issues.", T0.plusSeconds(5)));

        assertThat(store.search("T1", "U1", Set.of("issue"), 10))
                .extracting(Fact::text)
                .containsExactly("We switched to Linear for issues.");
    }

    @Test
    void no_read_or_write_crosses_workspaces() {
        Fact t1 = fact("T1", "U1", "q1 target", "Our Q1 target is $800K.", T0);
        Fact t2 = fact("T2", "U1", "q1 target", "Our Q1 target is $800K.", T0);
        store.write(t1);

        assertThat(store.write(t2))
                .as("same text in another workspace is not a duplicate")
                .isInstanceOf(WriteOutcome.Inserted.class);
        assertThat(store.find("T2", t1.id())).isEmpty();
        assertThat(store.list(FactQuery.workspace("T2"))).containsExactly(t2);
        assertThat(store.search("T2", "U1", Set.of("target"), 10)).containsExactly(t2);
        assertThat(store.search("T2", "U1", Set.of("q1", "target"), 10))
                .as("a search for several terms stays in its workspace too")
                .containsExactly(t2);
        assertThat(store.delete("T2", t1.id())).isFalse();
        assertThat(store.promote("T2", t1.id(), T0)).isFalse();
        assertThat(store.deleteByUser("T2", "U1")).isEqualTo(1);
        assertThat(store.find("T1", t1.id())).isPresent();
        store.write(fact("T2", "U1", "x", "Our HQ is in Berlin.", T0));
        assertThat(store.trimSession("T2", 0)).isEqualTo(1);
        assertThat(store.deleteWorkspace("T2")).isZero();
        assertThat(store.list(FactQuery.workspace("T1"))).containsExactly(t1);
        assertThat(store.workspaces()).containsExactly("T1");
    }

    @Test
    void stating_a_fact_again_counts_that_fact_only() {
        Fact target = fact("T1", "U1", "q1 target", "Our Q1 target is $800K.", T0);
        Fact hq = fact("T1", "U1", "hq", "Our HQ is in Berlin.", T0);
        Fact theirs = fact("T2", "U1", "q1 target", "Our Q1 target is $5M.", T0);
        List.of(target, hq, theirs).forEach(store::write);

        store.write(fact("T1", "U2", "q1 target", "Our Q1 target is $800K.", T0.plusSeconds(60)));

        assertThat(store.find("T1", target.id()).orElseThrow().occurrences()).isEqualTo(2);
        assertThat(store.find("T1", hq.id())).contains(hq);
        assertThat(store.find("T2", theirs.id())).contains(theirs);
    }

    @Test
    void a_statement_about_the_same_subject_in_another_workspace_supersedes_nothing_there() {
        Fact ours = fact("T1", "U1", "tool: issue tracker", "We use Jira.", T0);
        Fact theirs = fact("T2", "U1", "tool: issue tracker", "We switched to Linear.", T0.plusSeconds(60));
        store.write(ours);

        assertThat(store.write(theirs)).isInstanceOf(WriteOutcome.Inserted.class);
        assertThat(store.list(FactQuery.workspace("T1").withHistory())).containsExactly(ours);
        assertThat(store.list(FactQuery.workspace("T2").withHistory())).containsExactly(theirs);
    }

    @Test
    void the_same_personal_statement_of_two_people_is_kept_for_each_and_counted_once() {
        Fact anas = personal("T1", "U1", "preference: format", "I prefer tables.", T0);
        Fact boris = personal("T1", "U2", "preference: format", "I prefer tables.", T0.plusSeconds(1));
        Fact everyones = fact("T1", "U3", "preference: format", "I prefer tables.", T0.plusSeconds(2));
        store.write(anas);

        assertThat(store.write(boris)).isInstanceOf(WriteOutcome.Inserted.class);
        assertThat(store.write(everyones)).isInstanceOf(WriteOutcome.Inserted.class);
        assertThat(store.list(FactQuery.workspace("T1").withHistory()))
                .containsExactlyInAnyOrder(anas, boris, everyones);
    }

    @Test
    void listing_what_one_person_owns_or_said_stays_with_that_person_in_that_workspace() {
        Fact anasOwn = personal("T1", "U1", "preference: format", "I prefer tables.", T0);
        Fact anasShared = fact("T1", "U1", "q1 target", "Our Q1 target is $800K.", T0.plusSeconds(1));
        Fact borisOwn = personal("T1", "U2", "preference: tone", "I like short answers.", T0.plusSeconds(2));
        Fact borisShared = fact("T1", "U2", "hq", "Our HQ is in Berlin.", T0.plusSeconds(3));
        Fact anaElsewhere = personal("T2", "U1", "preference: tone", "I like long answers.", T0.plusSeconds(4));
        Fact saidElsewhere = fact("T2", "U1", "hq", "Our HQ is in Lisbon.", T0.plusSeconds(5));
        List.of(anasOwn, anasShared, borisOwn, borisShared, anaElsewhere, saidElsewhere)
                .forEach(store::write);

        assertThat(store.list(FactQuery.workspace("T1").ownedBy("U1"))).containsExactly(anasOwn);
        assertThat(store.list(FactQuery.workspace("T1").statedBy("U1"))).containsExactly(anasShared, anasOwn);
        assertThat(store.list(FactQuery.workspace("T1").visibleTo("U1")))
                .containsExactly(borisShared, anasShared, anasOwn);
        assertThat(store.list(FactQuery.workspace("T2").statedBy("U2"))).isEmpty();
        assertThat(store.search("T1", "U1", Set.of("answers", "tables"), 10)).containsExactly(anasOwn);
    }

    @Test
    void forgetting_or_trimming_in_one_workspace_leaves_another_workspaces_history_and_newest_facts() {
        Fact jira = fact("T1", "U1", "tool: issue tracker", "We use Jira.", T0);
        Fact theirs = fact("T2", "U1", "hq", "Our HQ is in Berlin.", T0.plusSeconds(1));
        Fact linear = fact("T1", "U1", "tool: issue tracker", "We switched to Linear.", T0.plusSeconds(10));
        List.of(jira, theirs, linear).forEach(store::write);

        assertThat(store.delete("T2", linear.id())).isFalse();
        assertThat(store.find("T1", jira.id()).orElseThrow().supersededBy()).contains(linear.id());
        assertThat(store.trimSession("T2", 1)).as("T2's newest fact is kept").isZero();
        assertThat(store.list(FactQuery.workspace("T2"))).containsExactly(theirs);
        assertThat(store.trimSession("T1", 1))
                .as("T1's history beyond its newest fact")
                .isEqualTo(1);
        assertThat(store.list(FactQuery.workspace("T2"))).containsExactly(theirs);
    }

    @Test
    void facts_a_person_cannot_see_never_take_the_places_of_those_they_can_in_a_search() {
        Fact shared = fact("T1", "U1", "deploy day", "We deploy on Tuesdays.", T0);
        store.write(shared);
        for (int i = 0; i < 4; i++) {
            store.write(personal("T1", "U2", "own deploy " + i, "I deploy from branch " + i + ".", T0.plusSeconds(i)));
            store.write(fact("T2", "U1", "deploy " + i, "Our deploy window " + i + " is at night.", T0.plusSeconds(i)));
            store.write(fact("T1-EU", "U1", "deploy " + i, "We deploy region " + i + " first.", T0.plusSeconds(i)));
        }
        Fact train = null;
        for (int i = 0; i < 4; i++) {
            train = fact("T1", "U1", "release train", "The release train leaves on deploy day " + i + ".", T0);
            store.write(train);
        }

        assertThat(store.search("T1", "U1", Set.of("deploy"), 2)).containsExactlyInAnyOrder(train, shared);
    }

    @Test
    void forgets_one_fact_a_users_facts_or_a_whole_workspace() {
        Fact a = fact("T1", "U1", "a", "Our HQ is in Berlin.", T0);
        Fact b = personal("T1", "U2", "preference: format", "I prefer tables.", T0);
        Fact c = fact("T1", "U2", "c", "We use Jira.", T0);
        Fact d = fact("T1", "U3", "d", "We have 45 employees.", T0);
        List.of(a, b, c, d).forEach(store::write);

        assertThat(store.delete("T1", a.id())).isTrue();
        assertThat(store.delete("T1", a.id())).isFalse();
        assertThat(store.deleteByUser("T1", "U2")).isEqualTo(2);
        assertThat(store.list(FactQuery.workspace("T1"))).containsExactly(d);
        assertThat(store.deleteWorkspace("T1")).isEqualTo(1);
        assertThat(store.workspaces()).isEmpty();
    }

    @Test
    void forgetting_a_fact_that_superseded_another_leaves_the_history_consistent() {
        Fact jira = fact("T1", "U1", "tool: issue tracker", "We use Jira.", T0);
        Fact linear = fact("T1", "U1", "tool: issue tracker", "We switched to Linear.", T0.plusSeconds(1));
        store.write(jira);
        store.write(linear);

        assertThat(store.delete("T1", linear.id())).isTrue();

        assertThat(store.find("T1", jira.id()).orElseThrow().supersededBy()).isEmpty();
    }

    @Test
    void promotes_an_active_session_fact_once() {
        Fact f = fact("T1", "U1", "q1 target", "Our Q1 target is $800K.", T0);
        store.write(f);

        assertThat(store.promote("T1", f.id(), T0.plusSeconds(10))).isTrue();
        assertThat(store.promote("T1", f.id(), T0.plusSeconds(20))).isFalse();

        assertThat(store.find("T1", f.id()).orElseThrow().tier()).isEqualTo(Tier.KNOWLEDGE);
        assertThat(store.list(FactQuery.workspace("T1").tier(Tier.KNOWLEDGE))).hasSize(1);
        assertThat(store.list(FactQuery.workspace("T1").tier(Tier.SESSION))).isEmpty();
    }

    @Test
    void the_rolling_bound_drops_the_least_recently_stated_session_facts_and_keeps_knowledge() {
        List<Fact> facts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Fact f = fact("T1", "U1", "s" + i, "Fact number " + i + " about the roadmap.", T0.plusSeconds(i));
            facts.add(f);
            store.write(f);
        }
        store.promote("T1", facts.get(0).id(), T0);

        assertThat(store.trimSession("T1", 2)).isEqualTo(2);

        assertThat(store.list(FactQuery.workspace("T1")))
                .extracting(Fact::id)
                .containsExactlyInAnyOrder(
                        facts.get(0).id(), facts.get(3).id(), facts.get(4).id());
    }

    @Test
    void two_writers_with_many_threads_never_lose_or_duplicate_a_fact() throws Exception {
        MemoryAdminStore second = openSecondStore();
        int threadsPerWriter = 100;
        int repeats = 3; // every thread also writes one fact shared by all, and repeats its own
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String name : List.of("A", "B")) {
                // named, not told apart by identity: a store may be its own second process
                MemoryAdminStore writer = name.equals("A") ? store : second;
                for (int t = 0; t < threadsPerWriter; t++) {
                    String user = name + t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int r = 0; r < repeats; r++) {
                            writer.write(fact("T1", user, "own " + user, "Fact of " + user + " is true.", T0));
                        }
                        writer.write(fact("T1", user, "shared", "Everyone knows the launch is in May.", T0));
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        }

        assertThat(failures).hasValue(0);
        List<Fact> all = store.list(FactQuery.workspace("T1").withHistory().limit(10_000));
        assertThat(all).hasSize(2 * threadsPerWriter + 1);
        assertThat(all.stream().filter(f -> f.subject().startsWith("own ")).mapToInt(Fact::occurrences))
                .containsOnly(repeats);
        assertThat(all.stream()
                        .filter(f -> f.subject().equals("shared"))
                        .findFirst()
                        .orElseThrow()
                        .occurrences())
                .isEqualTo(2 * threadsPerWriter);
    }

    @Test
    void concurrent_statements_about_one_subject_leave_exactly_one_active_fact() throws Exception {
        MemoryAdminStore second = openSecondStore();
        int writers = 40;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < writers; i++) {
                MemoryAdminStore writer = i % 2 == 0 ? store : second;
                int n = i;
                pool.submit(() -> {
                    start.await();
                    writer.write(fact("T1", "U" + n, "q1 target", "Our Q1 target is $" + (100 + n) + "K.", T0));
                    return null;
                });
            }
            start.countDown();
        }

        List<Fact> all = store.list(FactQuery.workspace("T1").withHistory());
        assertThat(all).hasSize(writers);
        assertThat(all.stream().filter(Fact::active)).hasSize(1);
    }
}
