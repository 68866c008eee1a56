package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.RateBudget;
import dev.lucy.core.runtime.ConversationLeases;
import dev.lucy.core.runtime.DedupStore;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Inbox;
import dev.lucy.core.runtime.InboxEntry;
import dev.lucy.core.runtime.SettingsStore;
import dev.lucy.core.runtime.Task;
import dev.lucy.core.runtime.TaskState;
import dev.lucy.core.runtime.TaskStore;
import dev.lucy.core.spi.RunTraces;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.contract.FactVectorsContract;
import dev.lucy.memory.contract.MemoryAuditContract;
import dev.lucy.memory.contract.MemoryStoreContract;
import dev.lucy.memory.contract.ThreadSummaryStoreContract;
import dev.lucy.memory.spi.FactVectors;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryAudit;
import dev.lucy.memory.spi.ThreadSummaryStore;
import dev.lucy.testkit.contract.ConversationLeasesContract;
import dev.lucy.testkit.contract.DedupStoreContract;
import dev.lucy.testkit.contract.RateBudgetContract;
import dev.lucy.testkit.contract.RunTracesContract;
import dev.lucy.testkit.contract.SettingsStoreContract;
import dev.lucy.testkit.contract.TaskStoreContract;
import dev.lucy.tools.BuiltInTools;
import dev.lucy.tools.contract.McpSignInStoreContract;
import dev.lucy.tools.contract.McpTokenStoreContract;
import dev.lucy.tools.spi.ApprovalAudit;
import dev.lucy.tools.spi.ApprovalPreferences;
import dev.lucy.tools.spi.ConnectionStore;
import dev.lucy.tools.spi.McpSignInStore;
import dev.lucy.tools.spi.McpTokenStore;
import dev.lucy.tools.spi.ServedRequestStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every durable store against the contract of its SPI, once on SQLite files and once on the run's embedded
 * PostgreSQL: a nested class per store. A second store (or a restart) is another connection pool on the same
 * database, as another replica or process opens it. Each test gets fresh databases, closed after it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class DurableStoresTest {
    @RegisterExtension
    final OpenDatabases databases;

    DurableStoresTest(Dialect dialect) {
        databases = OpenDatabases.of(dialect);
    }

    @Nested
    class Traces extends RunTracesContract {
        @Override
        protected RunTraces openTraces() {
            return JdbcRunTraces.open(databases.fresh());
        }
    }

    @Nested
    class Dedup extends DedupStoreContract {
        @Override
        protected DedupStore openStore() {
            return JdbcDedupStore.open(databases.fresh(), TTL, clock);
        }

        @Override
        protected DedupStore openSecondStore() {
            return JdbcDedupStore.open(databases.again(), TTL, clock);
        }
    }

    @Nested
    class Inboxes extends DurableInboxContract {
        @Override
        protected Inbox openInbox() {
            return JdbcInbox.open(databases.fresh(), "lucy-1", TTL, clock);
        }

        @Override
        protected Inbox openSecondInbox() {
            return openInboxOf("lucy-1");
        }

        @Override
        protected Inbox openInboxOf(String owner) {
            return JdbcInbox.open(databases.again(), owner, TTL, clock);
        }

        @Override
        protected void closeInboxes() {
            databases.closeAll();
        }
    }

    @Nested
    class Tasks extends TaskStoreContract {
        @Override
        protected TaskStore openStore() {
            return JdbcTaskStore.open(databases.fresh(), "lucy-1");
        }

        @Override
        protected TaskStore openSecondStore() {
            return JdbcTaskStore.open(databases.again(), "lucy-1");
        }
    }

    @Nested
    class Leases extends ConversationLeasesContract {
        @Override
        protected ConversationLeases openLeases() {
            return JdbcConversationLeases.open(databases.fresh(), clock);
        }

        @Override
        protected ConversationLeases openLeasesAgain() {
            return JdbcConversationLeases.open(databases.again(), clock);
        }

        @Override
        protected void closeLeases() {
            databases.closeAll();
        }
    }

    @Nested
    class Settings extends SettingsStoreContract {
        @Override
        protected SettingsStore openStore() {
            return JdbcSettingsStore.open(databases.fresh());
        }

        @Override
        protected SettingsStore openSecondStore() {
            return JdbcSettingsStore.open(databases.again());
        }

        @Override
        protected void closeStores() {
            databases.closeAll();
        }
    }

    /**
     * Replicas on one database: the work of one that stopped beating is taken over by another, exactly once, and
     * the one that lost it cannot write over the newer attempt.
     */
    @Nested
    class SilentReplicas {
        private static final Duration SILENCE = Duration.ofSeconds(30);
        private static final Caller ALICE = new Caller("T1", "U1", "C1:1.0");
        private final ManualClock clock = ManualClock.create();

        @Test
        void a_silent_replicas_tasks_are_taken_over_once_and_the_loser_cannot_write() {
            Database first = databases.fresh();
            JdbcTaskStore a = JdbcTaskStore.open(first, "replica-a");
            JdbcReplicas.open(first, "replica-a", clock).beat();
            JdbcTaskStore b = JdbcTaskStore.open(databases.again(), "replica-b");
            JdbcTaskStore c = JdbcTaskStore.open(databases.again(), "replica-c");
            Task working = Task.create("t1", ALICE, "compare the three vendors", clock.instant())
                    .moveTo(TaskState.WORKING, clock.instant())
                    .withProgress("read vendor one", clock.instant());
            a.save(working);

            clock.advance(Duration.ofSeconds(10));
            assertThat(b.takeOver(SILENCE, clock.instant()))
                    .as("replica-a beat 10 s ago")
                    .isEmpty();

            clock.advance(Duration.ofSeconds(30));
            JdbcReplicas.open(databases.again(), "replica-b", clock).beat();
            List<Task> byB = b.takeOver(SILENCE, clock.instant());
            List<Task> byC = c.takeOver(SILENCE, clock.instant());
            assertThat(byB)
                    .extracting(Task::id, Task::attempt, Task::state, Task::progress)
                    .containsExactly(tuple("t1", 2, TaskState.ACKNOWLEDGED, ""));
            assertThat(byC).as("taken once").isEmpty();

            a.save(working.withProgress("read vendor two", clock.instant()));
            assertThat(b.find("t1")).as("the old owner's late write is ignored").contains(byB.get(0));
            assertThat(a.resume(clock.instant())).as("no longer replica-a's").isEmpty();
            assertThat(b.unfinished()).extracting(Task::id).containsExactly("t1");
        }

        @Test
        void a_silent_replicas_unanswered_events_are_taken_over_once() {
            Database first = databases.fresh();
            JdbcInbox a = JdbcInbox.open(first, "replica-a", Duration.ofHours(1), clock);
            JdbcReplicas.open(first, "replica-a", clock).beat();
            JdbcInbox b = JdbcInbox.open(databases.again(), "replica-b", Duration.ofHours(1), clock);
            JdbcInbox c = JdbcInbox.open(databases.again(), "replica-c", Duration.ofHours(1), clock);
            InboundEvent event = new InboundEvent("Ev1", ALICE, "1.1", "deploy status?", clock.instant());
            InboxEntry received = ((Inbox.Receipt.Received) a.receive(event)).entry();

            clock.advance(Duration.ofSeconds(10));
            assertThat(b.takeOver(SILENCE)).as("replica-a beat 10 s ago").isEmpty();

            clock.advance(Duration.ofSeconds(30));
            JdbcReplicas beatsOfB = JdbcReplicas.open(databases.again(), "replica-b", clock);
            beatsOfB.beat();
            List<InboxEntry> byB = b.takeOver(SILENCE);
            assertThat(byB)
                    .extracting(InboxEntry::eventId, InboxEntry::owner, InboxEntry::attempt)
                    .containsExactly(tuple("Ev1", "replica-b", 2));
            assertThat(c.takeOver(SILENCE)).as("taken once").isEmpty();

            a.finish(received);
            clock.advance(Duration.ofMinutes(1));
            beatsOfB.beat();
            assertThat(c.takeOver(SILENCE))
                    .as("the old attempt's finish left the entry to replica-b, which is alive")
                    .isEmpty();
            b.finish(byB.get(0));
            clock.advance(Duration.ofMinutes(1));
            beatsOfB.beat();
            assertThat(c.takeOver(SILENCE)).as("answered by replica-b").isEmpty();
            clock.advance(Duration.ofMinutes(1));
            assertThat(c.takeOver(SILENCE))
                    .as("nothing left even once replica-b is silent")
                    .isEmpty();
        }

        @Test
        void a_live_replica_keeps_its_work() {
            Database first = databases.fresh();
            JdbcReplicas beats = JdbcReplicas.open(first, "replica-a", clock);
            JdbcTaskStore a = JdbcTaskStore.open(first, "replica-a");
            JdbcTaskStore b = JdbcTaskStore.open(databases.again(), "replica-b");
            a.save(Task.create("t1", ALICE, "draft the notes", clock.instant()));
            for (int i = 0; i < 10; i++) {
                beats.beat();
                clock.advance(Duration.ofSeconds(10));
                assertThat(b.takeOver(SILENCE, clock.instant())).isEmpty();
            }
        }

        @Test
        void the_threads_lucy_takes_part_in_are_shared_and_outlive_the_process() {
            JdbcParticipation.open(databases.fresh(), Duration.ofDays(7)).joined("C1:1.0", clock.instant());
            JdbcParticipation other = JdbcParticipation.open(databases.again(), Duration.ofDays(7));
            assertThat(other.takesPart("C1:1.0", clock.instant().minus(Duration.ofDays(7))))
                    .isTrue();
            assertThat(other.takesPart("C2:1.0", clock.instant().minus(Duration.ofDays(7))))
                    .isFalse();
            assertThat(other.takesPart("C1:1.0", clock.instant().plusSeconds(1)))
                    .as("quiet since")
                    .isFalse();
        }
    }

    @Nested
    class RateBudgets extends RateBudgetContract {
        @Override
        protected RateBudget create(Clock clock) {
            return JdbcRateBudget.open(databases.fresh(), clock);
        }

        @Test
        void two_replicas_together_never_get_more_than_one_budget_holds() throws Exception {
            RateBudget first = create(clock);
            RateBudget second = JdbcRateBudget.open(databases.again(), clock);
            RateBudget.Limit tenPerMinute = RateBudget.Limit.perMinute(10);

            List<Future<Optional<Duration>>> results = new ArrayList<>();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 40; i++) {
                    RateBudget replica = i % 2 == 0 ? first : second;
                    results.add(threads.submit(() -> replica.reserve("shared", tenPerMinute, 1, Duration.ZERO)));
                }
            }
            int granted = 0;
            for (Future<Optional<Duration>> r : results) {
                granted += r.get().isPresent() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(10);

            advance(Duration.ofSeconds(30));
            assertThat(second.reserve("shared", tenPerMinute, 5, Duration.ZERO)).contains(Duration.ZERO);
            assertThat(first.reserve("shared", tenPerMinute, 1, Duration.ofSeconds(6)))
                    .contains(Duration.ofSeconds(6));
        }
    }

    @Nested
    class ThreadSummaries extends ThreadSummaryStoreContract {
        @Override
        protected ThreadSummaryStore openStore() {
            return JdbcThreadSummaryStore.open(databases.fresh());
        }

        @Override
        protected ThreadSummaryStore openSecondStore() {
            return JdbcThreadSummaryStore.open(databases.again());
        }
    }

    @Nested
    class Memory extends MemoryStoreContract {
        @Override
        protected MemoryAdminStore openStore() {
            return memoryStore(databases.fresh());
        }

        @Override
        protected MemoryAdminStore openSecondStore() {
            return memoryStore(databases.again());
        }

        @Test
        void a_target_remembered_in_one_thread_is_recalled_in_another_and_two_users_at_once_both_persist()
                throws Exception {
            SessionMemory memory = SessionMemory.builder(store).build();
            SessionMemory otherReplica =
                    SessionMemory.builder(openSecondStore()).build();
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                pool.submit(() -> {
                    start.await();
                    return memory.remember(new Caller("T1", "U_ANA", "C1:1.1"), "Remember our Q1 target is $800K");
                });
                pool.submit(() -> {
                    start.await();
                    return otherReplica.remember(new Caller("T1", "U_BEN", "C2:1.1"), "We use Linear for issues");
                });
                start.countDown();
            }

            assertThat(store.list(FactQuery.workspace("T1"))).hasSize(2);
            assertThat(otherReplica.recall(new Caller("T1", "U_CAL", "C3:9.9"), "What's our revenue target?", 500))
                    .extracting(Fact::text)
                    .containsExactly("Our Q1 target is $800K.");
        }
    }

    @Nested
    class MemoryAudits extends MemoryAuditContract {
        @Override
        protected MemoryAudit openAudit() {
            return JdbcMemoryAudit.open(databases.fresh());
        }

        @Test
        void entries_survive_a_restart() {
            openAudit().record(entry("a", "T1", 0));

            assertThat(JdbcMemoryAudit.open(databases.again()).recent("T1", 10)).containsExactly(entry("a", "T1", 0));
        }
    }

    @Nested
    class ApprovalAudits extends DurableApprovalAuditContract {
        @Override
        protected ApprovalAudit openAudit() {
            return JdbcApprovalAudit.open(databases.fresh(), "replica-a");
        }

        @Override
        protected ApprovalAudit restart(String owner) {
            return JdbcApprovalAudit.open(databases.again(), owner);
        }
    }

    @Nested
    class ApprovalChoices extends DurableApprovalPreferencesContract {
        @Override
        protected ApprovalPreferences openPreferences() {
            return JdbcApprovalPreferences.open(databases.fresh(), Clock.systemUTC());
        }

        @Override
        protected ApprovalPreferences restart() {
            return JdbcApprovalPreferences.open(databases.again(), Clock.systemUTC());
        }
    }

    @Nested
    class BuiltInToolData extends DurableBuiltInToolsContract {
        @Override
        protected BuiltInTools openTools(Clock clock) {
            return BuiltInTools.create(JdbcBuiltInStore.open(databases.fresh()), clock);
        }

        @Override
        protected BuiltInTools another(Clock clock) {
            return BuiltInTools.create(JdbcBuiltInStore.open(databases.again()), clock);
        }

        @Override
        protected void closeAll() {
            databases.closeAll();
        }
    }

    @Nested
    class ServedRequests extends DurableServedRequestsContract {
        @Override
        protected ServedRequestStore openStore() {
            return JdbcServedRequests.open(databases.fresh());
        }

        @Override
        protected ServedRequestStore another() {
            return JdbcServedRequests.open(databases.again());
        }
    }

    @Nested
    class ToolConnections extends DurableConnectionStoreContract {
        @Override
        protected ConnectionStore openStore() {
            return JdbcConnectionStore.open(databases.fresh(), Clock.systemUTC());
        }

        @Override
        protected ConnectionStore another() {
            return JdbcConnectionStore.open(databases.again(), Clock.systemUTC());
        }
    }

    /**
     * People's MCP tokens: the contract, sealed at rest (no token in the table), bound to their row, and a store
     * opened with another key reads none of them and says so instead of failing.
     */
    @Nested
    class McpTokens extends McpTokenStoreContract {
        private final SecretBox box = SecretBox.of(SecretBox.newKey());

        @Override
        protected McpTokenStore openStore() {
            return JdbcMcpTokenStore.open(databases.fresh(), box, Clock.systemUTC());
        }

        @Test
        void tokens_are_encrypted_at_rest_and_outlive_a_restart() {
            store.save(ALICE, GRANT);

            String table = everyCell(databases.again(), "mcp_connections");
            assertThat(table).contains("U-alice").doesNotContain("oat_alice").doesNotContain("ort_alice");
            assertThat(JdbcMcpTokenStore.open(databases.again(), box, Clock.systemUTC())
                            .find(ALICE))
                    .contains(GRANT);
        }

        @Test
        void a_grant_moved_to_another_persons_row_does_not_open() {
            store.save(ALICE, GRANT);
            databases
                    .again()
                    .inTransaction(c -> c.createStatement()
                            .executeUpdate("UPDATE mcp_connections SET user_id = 'U-bob' WHERE user_id = 'U-alice'"));

            assertThat(store.find(BOB)).isEmpty();
        }

        @Test
        void another_key_reads_nothing_and_counts_what_it_cannot_read() {
            store.save(ALICE, GRANT);

            JdbcMcpTokenStore wrongKey =
                    JdbcMcpTokenStore.open(databases.again(), SecretBox.of(SecretBox.newKey()), Clock.systemUTC());

            assertThat(wrongKey.sealedWithAnotherKey()).isEqualTo(1);
            assertThat(wrongKey.find(ALICE)).isEmpty();
            assertThat(wrongKey.connectedTo("notes")).isEmpty();
            wrongKey.save(ALICE, GRANT); // connecting again works with the new key
            assertThat(wrongKey.find(ALICE)).contains(GRANT);
        }
    }

    /**
     * Sign-ins in progress: the contract, one store per replica on one database, the verifier and the client secret
     * sealed at rest and the state not kept at all, and a row sealed with another key counts as absent.
     */
    @Nested
    class McpSignIns extends McpSignInStoreContract {
        private final SecretBox box = SecretBox.of(SecretBox.newKey());

        @Override
        protected McpSignInStore openStore() {
            return JdbcMcpSignInStore.open(databases.fresh(), box, Clock.systemUTC());
        }

        @Test
        void a_sign_in_saved_by_one_replica_is_taken_once_by_another_and_nothing_secret_is_in_clear() {
            store.save(signIn("state-of-alice-0123456789", NOW.plusSeconds(600)));

            String table = everyCell(databases.again(), "mcp_sign_ins");
            assertThat(table)
                    .contains("U-alice")
                    .doesNotContain(VERIFIER)
                    .doesNotContain(SECRET)
                    .doesNotContain("state-of-alice")
                    .doesNotContain("auth.example");

            McpSignInStore otherReplica = JdbcMcpSignInStore.open(databases.again(), box, Clock.systemUTC());
            McpSignInStore wrongKey =
                    JdbcMcpSignInStore.open(databases.again(), SecretBox.of(SecretBox.newKey()), Clock.systemUTC());
            assertThat(wrongKey.find("state-of-alice-0123456789", NOW)).isEmpty();
            assertThat(otherReplica.take("state-of-alice-0123456789", NOW))
                    .contains(signIn("state-of-alice-0123456789", NOW.plusSeconds(600)));
            assertThat(store.take("state-of-alice-0123456789", NOW)).isEmpty();
        }
    }

    /** The memory store lucy-app opens on a database of this dialect. */
    @Nested
    class Vectors extends FactVectorsContract {
        @Override
        protected MemoryAdminStore openStore() {
            return memoryStore(databases.fresh());
        }

        @Override
        protected MemoryAdminStore openSecondStore() {
            return memoryStore(databases.again());
        }

        @Override
        protected FactVectors vectorsOf(MemoryAdminStore store) {
            return ((JdbcMemoryStore) store).vectors();
        }
    }

    /** Every cell of {@code table}, as text joined by {@code |}: what someone reading the database file would see. */
    /**
     * Slack installations: the contract, tokens sealed at rest and kept across a restart, and another key reading
     * none of them.
     */
    @Nested
    class Installations extends InstallationStoreContract {
        private final SecretBox box = SecretBox.of(SecretBox.newKey());

        @Override
        protected InstallationStore openStore() {
            return JdbcInstallationStore.open(databases.fresh(), box, Clock.systemUTC());
        }

        @Test
        void tokens_are_encrypted_at_rest_and_outlive_a_restart() {
            store.save(SECOND);

            String table = everyCell(databases.again(), "slack_installations");
            assertThat(table).contains("T-second").doesNotContain("xoxb").doesNotContain("xoxe");
            assertThat(JdbcInstallationStore.open(databases.again(), box, Clock.systemUTC())
                            .find("T-second"))
                    .contains(SECOND);
        }

        @Test
        void another_key_reads_no_installation() {
            store.save(FIRST);

            assertThat(JdbcInstallationStore.open(
                                    databases.again(), SecretBox.of(SecretBox.newKey()), Clock.systemUTC())
                            .find("T-first"))
                    .isEmpty();
        }

        @Test
        void tokens_moved_to_another_workspace_do_not_open() {
            store.save(FIRST);
            databases
                    .again()
                    .inTransaction(c -> c.createStatement()
                            .executeUpdate("UPDATE slack_installations SET workspace_id = 'T-other'"));

            assertThat(store.find("T-other")).isEmpty();
        }
    }

    private static String everyCell(Database database, String table) {
        return database.read(c -> {
            StringBuilder all = new StringBuilder();
            try (var rows = c.createStatement().executeQuery("SELECT * FROM " + table)) {
                while (rows.next()) {
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        all.append(rows.getString(i)).append('|');
                    }
                }
            }
            return all.toString();
        });
    }

    private static MemoryAdminStore memoryStore(Database database) {
        return database.dialect() == Dialect.SQLITE
                ? SqliteMemoryStore.open(database)
                : PostgresMemoryStore.open(database);
    }
}
