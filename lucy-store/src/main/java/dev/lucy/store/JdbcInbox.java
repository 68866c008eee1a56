package dev.lucy.store;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Inbox;
import dev.lucy.core.runtime.InboxEntry;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.TriageDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link Inbox} in SQLite or PostgreSQL: an event's two deduplication keys (in {@code runtime_dedup}, shared
 * with {@link JdbcDedupStore}) and its inbox row are written in one transaction, so an event is either a duplicate
 * or kept until finished, whatever the process does next. Durable; thread safe, blocking.
 *
 * <p>Receipts, finishes and drafts arriving together are written together, in one transaction ({@link GroupCommit}).
 *
 * <p>Rows belong to an owner, the instance name: {@link #resume} takes only this owner's rows, each for a new
 * attempt with a compare-and-set on the attempt, and {@link #finish} deletes a row only at the attempt it names.
 * Expired deduplication keys are purged now and then by the writers themselves.
 *
 * <p>For several replicas, a row waiting for an agent run carries what triage decided ({@link #queueRun}), so the
 * replica holding the conversation's lease lists the conversation's waiting runs ({@link #queuedRuns}) and takes each
 * for a new attempt ({@link #take}), whoever received it.
 */
public final class JdbcInbox implements Inbox {
    private static final String COLUMNS = "event_id, workspace_id, user_id, conversation_id, message_id, text,"
            + " sent_at, received_at, owner, attempt, taken_at, drafts";

    private final Database database;
    private final String owner;
    private final Duration ttl;
    private final Clock clock;
    private final ExpiredKeys expiredKeys;
    private final GroupCommit<Write> writes = new GroupCommit<>(this::writeBatch);

    /** One caller's receipt or finish and, once written, its outcome. */
    private abstract static class Write extends GroupCommit.Work {}

    private static final class Receive extends Write {
        final InboundEvent event;
        volatile Receipt receipt;

        Receive(InboundEvent event) {
            this.event = event;
        }
    }

    private static final class Finish extends Write {
        final InboxEntry entry;

        Finish(InboxEntry entry) {
            this.entry = entry;
        }
    }

    private static final class Draft extends Write {
        final InboxEntry entry;
        final String messageId;

        Draft(InboxEntry entry, String messageId) {
            this.entry = entry;
            this.messageId = messageId;
        }
    }

    private JdbcInbox(Database database, String owner, Duration ttl, Clock clock) {
        this.database = database;
        this.owner = owner;
        this.ttl = ttl;
        this.clock = clock;
        this.expiredKeys = new ExpiredKeys(database);
    }

    /**
     * Opens the inbox of {@code owner} (this instance's name, the same across its restarts) on {@code database},
     * bringing its tables up to date; deliveries are remembered for {@code ttl}.
     */
    public static JdbcInbox open(Database database, String owner, Duration ttl, Clock clock) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(clock, "clock");
        checkOwner(owner);
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        database.migrate(JdbcDedupStore.COMPONENT, JdbcInbox.class.getClassLoader());
        return new JdbcInbox(database, owner, ttl, clock);
    }

    @Override
    public Receipt receive(InboundEvent event) {
        Receive receive = new Receive(Objects.requireNonNull(event, "event"));
        write(receive);
        return receive.receipt;
    }

    @Override
    public void finish(InboxEntry entry) {
        write(new Finish(Objects.requireNonNull(entry, "entry")));
    }

    static String checkOwner(String owner) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner must name this instance");
        }
        return owner;
    }

    @Override
    public List<InboxEntry> resume() {
        return take("owner = ?", owner);
    }

    @Override
    public List<InboxEntry> takeOver(Duration silence) {
        long now = clock.millis();
        return take(JdbcReplicas.silent("runtime_inbox.owner"), owner, now - silence.toMillis());
    }

    /** Takes the rows matching {@code where} (with {@code parameters}) for a new attempt of this owner. */
    private List<InboxEntry> take(String where, Object... parameters) {
        long now = clock.millis();
        return database.inTransaction(connection -> {
            List<InboxEntry> left = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM runtime_inbox WHERE " + where + " ORDER BY received_at, event_id")) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        left.add(entry(rows));
                    }
                }
            }
            List<InboxEntry> taken = new ArrayList<>();
            try (PreparedStatement take = connection.prepareStatement("UPDATE runtime_inbox SET owner = ?,"
                    + " attempt = attempt + 1, taken_at = ? WHERE event_id = ? AND attempt = ?")) {
                for (InboxEntry entry : left) {
                    take.setString(1, owner);
                    take.setLong(2, now);
                    take.setString(3, entry.eventId());
                    take.setInt(4, entry.attempt());
                    if (take.executeUpdate() == 1) {
                        taken.add(entry.nextAttempt(owner));
                    }
                }
            }
            return taken;
        });
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void queueRun(InboxEntry entry, TriageDecision.AgentRun run) {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(run, "run");
        database.inTransaction(connection -> {
            try (PreparedStatement mark = connection.prepareStatement("UPDATE runtime_inbox SET run_priority = ?,"
                    + " run_tier = ?, run_emoji = ? WHERE event_id = ? AND attempt = ?")) {
                mark.setString(1, run.priority().name());
                mark.setString(2, run.tier().name());
                mark.setString(3, run.workingEmoji());
                mark.setString(4, entry.eventId());
                mark.setInt(5, entry.attempt());
                return mark.executeUpdate();
            }
        });
    }

    @Override
    public void drafted(InboxEntry entry, String messageId) {
        Objects.requireNonNull(entry, "entry");
        if (messageId.isBlank() || messageId.contains(" ")) {
            throw new IllegalArgumentException("not a message id: '" + messageId + "'");
        }
        write(new Draft(entry, messageId));
    }

    @Override
    public List<QueuedRun> queuedRuns(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return database.read(connection -> {
            List<QueuedRun> runs = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + ", run_priority, run_tier, run_emoji FROM runtime_inbox WHERE conversation_id = ?"
                    + " AND run_tier IS NOT NULL ORDER BY received_at, event_id")) {
                select.setString(1, conversationId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        runs.add(new QueuedRun(
                                entry(rows),
                                new TriageDecision.AgentRun(
                                        Priority.valueOf(rows.getString("run_priority")),
                                        ModelTier.valueOf(rows.getString("run_tier")),
                                        rows.getString("run_emoji"),
                                        false)));
                    }
                }
            }
            return runs;
        });
    }

    @Override
    public boolean deciding(String conversationId, Instant sentBefore, Instant receivedSince) {
        Objects.requireNonNull(conversationId, "conversationId");
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM runtime_inbox"
                    + " WHERE conversation_id = ? AND run_tier IS NULL AND sent_at < ? AND received_at >= ? LIMIT 1")) {
                select.setString(1, conversationId);
                select.setLong(2, nanos(sentBefore));
                select.setLong(3, receivedSince.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public Optional<InboxEntry> take(InboxEntry entry) {
        Objects.requireNonNull(entry, "entry");
        long now = clock.millis();
        int taken = database.inTransaction(connection -> {
            try (PreparedStatement take = connection.prepareStatement("UPDATE runtime_inbox SET owner = ?,"
                    + " attempt = attempt + 1, taken_at = ? WHERE event_id = ? AND attempt = ?")) {
                take.setString(1, owner);
                take.setLong(2, now);
                take.setString(3, entry.eventId());
                take.setInt(4, entry.attempt());
                return take.executeUpdate();
            }
        });
        return taken == 1 ? Optional.of(entry.nextAttempt(owner)) : Optional.empty();
    }

    private void write(Write write) {
        writes.write(write);
    }

    /** Writes {@code batch} in one transaction; a failure fails every write in it. */
    private void writeBatch(List<Write> batch) {
        long now = clock.millis();
        Receipt[] receipts = database.inTransaction(connection -> writeAll(connection, batch, now));
        int received = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof Receive receive) {
                receive.receipt = receipts[i];
                received += receipts[i] instanceof Receipt.Received ? 1 : 0;
            }
        }
        expiredKeys.wrote(received, now);
    }

    private Receipt[] writeAll(Connection connection, List<Write> batch, long now) throws SQLException {
        Receipt[] results = new Receipt[batch.size()];
        // One statement per key: a new key is inserted, a key whose time ran out counts as never seen and is taken
        // over, a live one changes nothing (no row counted).
        try (PreparedStatement claim = connection.prepareStatement("INSERT INTO runtime_dedup (dedup_key, expires_at)"
                        + " VALUES (?, ?) ON CONFLICT (dedup_key) DO UPDATE SET expires_at = excluded.expires_at"
                        + " WHERE runtime_dedup.expires_at <= ?");
                PreparedStatement keep = connection.prepareStatement("INSERT INTO runtime_inbox (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, NULL) ON CONFLICT (event_id) DO NOTHING");
                PreparedStatement finish =
                        connection.prepareStatement("DELETE FROM runtime_inbox WHERE event_id = ? AND attempt = ?");
                PreparedStatement draft = connection.prepareStatement("UPDATE runtime_inbox"
                        + " SET drafts = COALESCE(drafts || ' ', '') || ? WHERE event_id = ? AND attempt = ?")) {
            for (int i = 0; i < batch.size(); i++) {
                switch (batch.get(i)) {
                    case Receive receive -> results[i] = receive(receive.event, claim, keep, now);
                    case Finish done -> {
                        finish.setString(1, done.entry.eventId());
                        finish.setInt(2, done.entry.attempt());
                        finish.executeUpdate();
                    }
                    case Draft shown -> {
                        draft.setString(1, shown.messageId);
                        draft.setString(2, shown.entry.eventId());
                        draft.setInt(3, shown.entry.attempt());
                        draft.executeUpdate();
                    }
                    default -> throw new IllegalStateException("unknown write " + batch.get(i));
                }
            }
        }
        return results;
    }

    private Receipt receive(InboundEvent event, PreparedStatement claim, PreparedStatement keep, long now)
            throws SQLException {
        String eventKey = Inbox.eventKey(event);
        if (!claim(eventKey, claim, now)) {
            return new Receipt.Duplicate(eventKey);
        }
        String messageKey = Inbox.messageKey(event);
        if (!claim(messageKey, claim, now)) {
            return new Receipt.Duplicate(messageKey);
        }
        Caller caller = event.caller();
        keep.setString(1, event.eventId());
        keep.setString(2, caller.workspaceId());
        keep.setString(3, caller.userId());
        keep.setString(4, caller.conversationId());
        keep.setString(5, event.messageId());
        keep.setString(6, StoredText.of(event.text()));
        keep.setLong(7, nanos(event.sentAt()));
        keep.setLong(8, now);
        keep.setString(9, owner);
        keep.setLong(10, now);
        if (keep.executeUpdate() != 1) {
            return new Receipt.Duplicate(eventKey); // still unfinished from before its keys expired
        }
        // This process runs the message as the person wrote it; only the copy kept is masked.
        return new Receipt.Received(new InboxEntry(event, owner, 1, Instant.ofEpochMilli(now)));
    }

    private boolean claim(String key, PreparedStatement claim, long now) throws SQLException {
        claim.setString(1, key);
        claim.setLong(2, now + ttl.toMillis());
        claim.setLong(3, now);
        return claim.executeUpdate() == 1;
    }

    private static InboxEntry entry(ResultSet rows) throws SQLException {
        InboundEvent event = new InboundEvent(
                rows.getString("event_id"),
                new Caller(
                        rows.getString("workspace_id"), rows.getString("user_id"), rows.getString("conversation_id")),
                rows.getString("message_id"),
                rows.getString("text"),
                fromNanos(rows.getLong("sent_at")));
        String drafts = rows.getString("drafts");
        return new InboxEntry(
                event,
                rows.getString("owner"),
                rows.getInt("attempt"),
                Instant.ofEpochMilli(rows.getLong("received_at")),
                drafts == null ? List.of() : List.of(drafts.split(" ")));
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
