package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.tools.spi.ServedRequestStore.Entry;
import dev.lucy.tools.spi.ServedRequestStore.ServedRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replicas read each other's served requests by position ("everything after the last one I saw"), so on PostgreSQL a
 * later position must never become visible before an earlier one: a replica that read past a gap would never learn
 * what filled it. A writer whose transaction is still open holds back the writers after it.
 */
class ServedRequestsOrderTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    @Test
    void a_reader_never_sees_a_later_request_before_an_earlier_one_still_being_written() throws Exception {
        Database database = databases.fresh();
        JdbcServedRequests store = JdbcServedRequests.open(database);
        List<Entry> seen = new ArrayList<>();

        try (Connection slow = database.dataSource().getConnection()) {
            // A replica's append that took its position first and has not committed yet.
            slow.setAutoCommit(false);
            try (PreparedStatement insert = slow.prepareStatement(
                    "INSERT INTO tool_served_requests (origin, tool, request) VALUES ('replica-a', 'page_oncall', ?)")) {
                insert.setString(1, "wake up the billing owner");
                insert.executeUpdate();
            }
            CompletableFuture<Void> fast = CompletableFuture.runAsync(() ->
                    store.append("replica-b", List.of(new ServedRequest("open_ticket", "file this for support")), 100));
            awaitBlockedOrDone(database, fast);

            seen.addAll(store.after(0, 100));
            slow.commit();
            fast.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        long position = seen.isEmpty() ? 0 : seen.get(seen.size() - 1).position();
        seen.addAll(store.after(position, 100));

        assertThat(seen)
                .extracting(e -> e.served().tool())
                .as("both, in the order of their positions")
                .containsExactly("page_oncall", "open_ticket");
    }

    /** Waits until the second append waits for a lock (or, were it not to wait, until it is done). */
    private static void awaitBlockedOrDone(Database database, CompletableFuture<Void> append) {
        assertThat(RecordingPort.awaitUntil(() -> append.isDone() || waitingForALock(database) > 0, WAIT))
                .as("the second append waits for the first or finishes")
                .isTrue();
    }

    private static int waitingForALock(Database database) {
        return DatabaseTest.firstNumber(database, "SELECT count(*) FROM pg_locks WHERE NOT granted");
    }
}
