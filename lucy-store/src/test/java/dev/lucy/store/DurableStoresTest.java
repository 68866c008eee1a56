package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.RateBudget;
import dev.lucy.core.runtime.DedupStore;
import dev.lucy.core.runtime.Inbox;
import dev.lucy.core.runtime.TaskStore;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.contract.MemoryStoreContract;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.testkit.contract.DedupStoreContract;
import dev.lucy.testkit.contract.RateBudgetContract;
import dev.lucy.testkit.contract.TaskStoreContract;
import dev.lucy.tools.BuiltInTools;
import dev.lucy.tools.spi.ApprovalAudit;
import dev.lucy.tools.spi.ApprovalPreferences;
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
            return JdbcTaskStore.open(databases.fresh());
        }

        @Override
        protected TaskStore openSecondStore() {
            return JdbcTaskStore.open(databases.again());
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

    /** The memory store lucy-app opens on a database of this dialect. */
    private static MemoryAdminStore memoryStore(Database database) {
        return database.dialect() == Dialect.SQLITE
                ? SqliteMemoryStore.open(database)
                : PostgresMemoryStore.open(database);
    }
}
