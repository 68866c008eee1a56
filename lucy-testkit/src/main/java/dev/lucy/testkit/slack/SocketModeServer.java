package dev.lucy.testkit.slack;

import static dev.lucy.core.Locks.locked;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Socket Mode over WebSocket: validates the ticket from {@code apps.connections.open}, says {@code hello}, wraps
 * payloads in envelopes, sends each to one open connection, and redelivers what is not acked in time.
 *
 * <p>Java-WebSocket calls back on its own threads; the state here sits behind {@link #lock}, which is never held
 * while calling into the workspace.
 */
final class SocketModeServer extends WebSocketServer implements Workspace.EventSink {
    /** How delivery behaves. */
    record Settings(Duration ackTimeout, List<Duration> retryDelays, SocketPicking picking, Duration refreshGrace) {}

    /** Receives ack payloads, outside the server's lock. */
    interface AckListener {
        void acked(String envelopeType, JsonNode envelopePayload, JsonNode ackPayload);
    }

    private final Settings settings;
    private final String appId;
    private final Changes changes;
    private final Clock clock;
    private final AckListener ackListener;
    private final ScheduledExecutorService scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Conn> connections = new LinkedHashMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Deque<Pending> backlog = new ArrayDeque<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private final Set<String> tickets = new HashSet<>();
    private final AtomicInteger connectionNumbers = new AtomicInteger();
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<Exception> startFailure = new AtomicReference<>();
    private int nextPick;

    SocketModeServer(Settings settings, String appId, Changes changes, Clock clock, AckListener ackListener) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.settings = settings;
        this.appId = appId;
        this.changes = changes;
        this.clock = clock;
        this.ackListener = ackListener;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slack-simulator-socket-mode");
            t.setDaemon(true);
            return t;
        });
        setReuseAddr(true);
        setConnectionLostTimeout(30);
    }

    /** Starts listening and waits until the port is bound. */
    void startAndWait() {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Socket Mode server did not start within 10 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Socket Mode server", e);
        }
        if (startFailure.get() != null) {
            throw new IllegalStateException("the Socket Mode server could not start", startFailure.get());
        }
    }

    void shutdown() {
        scheduler.shutdownNow();
        try {
            stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A fresh single-use URL, as {@code apps.connections.open} hands out. */
    String issueUrl() {
        String ticket = UUID.randomUUID().toString();
        lock.lock();
        try {
            tickets.add(ticket);
        } finally {
            lock.unlock();
        }
        return "ws://127.0.0.1:" + getPort() + "/link/?ticket=" + ticket + "&app_id=" + appId;
    }

    // ------------------------------------------------------------------ WebSocket callbacks

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket ws, ClientHandshake handshake) {
        String ticket = ticketOf(handshake.getResourceDescriptor());
        Conn conn;
        lock.lock();
        try {
            if (ticket == null || !tickets.remove(ticket)) {
                ws.close(CloseFrame.POLICY_VALIDATION, "invalid ticket");
                return;
            }
            conn = new Conn("socket-" + connectionNumbers.incrementAndGet(), ws, clock.instant());
            ws.setAttachment(conn);
            connections.put(conn.id, conn);
            ObjectNode hello = Json.object().put("type", "hello").put("num_connections", connections.size());
            hello.putObject("debug_info")
                    .put("host", "applink-sim-" + conn.id)
                    .put("build_number", 1)
                    .put("approximate_connection_time", 18060);
            hello.putObject("connection_info").put("app_id", appId);
            ws.send(Json.write(hello));
            List<Pending> waiting = new ArrayList<>(backlog);
            backlog.clear();
            waiting.forEach(this::send);
        } finally {
            lock.unlock();
        }
        changes.signal();
    }

    private static String ticketOf(String resource) {
        int query = resource.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : resource.substring(query + 1).split("&")) {
            if (pair.startsWith("ticket=")) {
                return pair.substring("ticket=".length());
            }
        }
        return null;
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean remote) {
        Conn conn = ws.getAttachment();
        if (conn != null) {
            lock.lock();
            try {
                connections.remove(conn.id);
            } finally {
                lock.unlock();
            }
            changes.signal();
        }
    }

    @Override
    public void onMessage(WebSocket ws, String message) {
        if (ws.getAttachment() instanceof Conn conn && conn.silent) {
            return; // a half-open socket: what the client sends never arrives
        }
        Optional<JsonNode> json = Json.parse(message);
        if (json.isEmpty() || !json.get().path("envelope_id").isTextual()) {
            return;
        }
        String envelopeId = json.get().path("envelope_id").asText();
        JsonNode ackPayload = json.get().get("payload");
        Pending acked;
        lock.lock();
        try {
            acked = pending.remove(envelopeId);
            if (acked == null) {
                return;
            }
            if (acked.timeout != null) {
                acked.timeout.cancel(false);
            }
            if (acked.current != null) {
                acked.current.outcome = Delivery.Outcome.ACKED;
                acked.current.ackPayload = ackPayload == null ? null : Json.write(ackPayload);
            }
        } finally {
            lock.unlock();
        }
        if (ackPayload != null && !ackPayload.isNull()) {
            ackListener.acked(acked.type, acked.payload, ackPayload);
        }
        changes.signal();
    }

    @Override
    public void onError(WebSocket ws, Exception ex) {
        if (ws == null) {
            startFailure.compareAndSet(null, ex);
            started.countDown();
        }
    }

    // ------------------------------------------------------------------ delivery

    @Override
    public void deliver(String envelopeType, ObjectNode payload, boolean acceptsResponsePayload) {
        Pending p = new Pending(UUID.randomUUID().toString(), envelopeType, payload, acceptsResponsePayload);
        lock.lock();
        try {
            pending.put(p.envelopeId, p);
            send(p);
        } finally {
            lock.unlock();
        }
        changes.signal();
    }

    /** Sends one attempt to a chosen connection, or parks it until one opens. Holds {@link #lock}. */
    private void send(Pending p) {
        List<Conn> eligible = connections.values().stream()
                .filter(c -> !c.refreshRequested && c.ws.isOpen())
                .toList();
        if (eligible.isEmpty()) {
            backlog.add(p);
            return;
        }
        Conn conn = settings.picking() == SocketPicking.RANDOM
                ? eligible.get(ThreadLocalRandom.current().nextInt(eligible.size()))
                : eligible.get(Math.floorMod(nextPick++, eligible.size()));
        ObjectNode envelope = Json.object().put("envelope_id", p.envelopeId);
        envelope.set("payload", p.payload);
        envelope.put("type", p.type)
                .put("accepts_response_payload", p.acceptsResponsePayload)
                .put("retry_attempt", p.attempt)
                .put("retry_reason", p.attempt == 0 ? "" : "timeout");
        try {
            if (!conn.silent) { // a half-open socket swallows the envelope; its ack never comes, Slack retries
                conn.ws.send(Json.write(envelope));
            }
        } catch (WebsocketNotConnectedException e) {
            backlog.add(p);
            return;
        }
        Attempt attempt = new Attempt(
                p.envelopeId,
                p.type,
                Optional.ofNullable(p.payload.path("event_id").textValue()),
                conn.id,
                p.attempt,
                clock.instant());
        attempts.add(attempt);
        p.current = attempt;
        int number = p.attempt;
        p.timeout = scheduler.schedule(
                () -> timedOut(p.envelopeId, number), settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void timedOut(String envelopeId, int attemptNumber) {
        lock.lock();
        try {
            Pending p = pending.get(envelopeId);
            if (p == null || p.attempt != attemptNumber) {
                return;
            }
            p.current.outcome = Delivery.Outcome.TIMED_OUT;
            if (p.attempt >= settings.retryDelays().size()) {
                pending.remove(envelopeId);
                return;
            }
            Duration delay = settings.retryDelays().get(p.attempt);
            p.attempt++;
            p.timeout = null;
            scheduler.schedule(() -> redeliver(envelopeId), delay.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
        changes.signal();
    }

    private void redeliver(String envelopeId) {
        lock.lock();
        try {
            Pending p = pending.get(envelopeId);
            if (p != null) {
                send(p);
            }
        } finally {
            lock.unlock();
        }
        changes.signal();
    }

    // ------------------------------------------------------------------ control

    List<SocketConnection> connections() {
        return locked(
                lock,
                () -> connections.values().stream()
                        .map(c -> new SocketConnection(c.id, c.openedAt, c.refreshRequested))
                        .toList());
    }

    List<Delivery> deliveries() {
        return locked(lock, () -> attempts.stream().map(Attempt::snapshot).toList());
    }

    /** Envelopes not yet acked, including those waiting for a connection. */
    int unacked() {
        return locked(lock, () -> pending.size());
    }

    /** Sends {@code disconnect} with a reason; no new envelopes go there, and the socket closes after the grace. */
    void disconnect(String connectionId, String reason) {
        Conn conn;
        lock.lock();
        try {
            conn = connection(connectionId);
            conn.refreshRequested = true;
            ObjectNode frame = Json.object().put("type", "disconnect").put("reason", reason);
            frame.putObject("debug_info").put("host", "applink-sim-" + conn.id);
            try {
                conn.ws.send(Json.write(frame));
            } catch (WebsocketNotConnectedException e) {
                return; // closed meanwhile: nothing left to refresh
            }
        } finally {
            lock.unlock();
        }
        scheduler.schedule(
                () -> {
                    if (conn.ws.isOpen()) {
                        conn.ws.close(CloseFrame.NORMAL, "refresh");
                    }
                },
                settings.refreshGrace().toMillis(),
                TimeUnit.MILLISECONDS);
        changes.signal();
    }

    /**
     * Makes a connection half-open: it stays open on both ends, but from now on nothing crosses it in either
     * direction (envelopes, acks, pings and pongs), as when a NAT or proxy silently forgets it.
     */
    void silence(String connectionId) {
        lock.lock();
        try {
            connection(connectionId).silent = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onWebsocketPing(WebSocket ws, org.java_websocket.framing.Framedata frame) {
        if (ws.getAttachment() instanceof Conn conn && conn.silent) {
            return; // no pong from a half-open socket
        }
        super.onWebsocketPing(ws, frame);
    }

    /** Cuts a connection without a close handshake, as a network failure would. */
    void drop(String connectionId) {
        Conn conn;
        lock.lock();
        try {
            conn = connection(connectionId);
        } finally {
            lock.unlock();
        }
        conn.ws.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the simulator");
    }

    private Conn connection(String id) {
        Conn conn = connections.get(id);
        if (conn == null) {
            throw new IllegalArgumentException("no open Socket Mode connection " + id);
        }
        return conn;
    }

    private static final class Conn {
        final String id;
        final WebSocket ws;
        final Instant openedAt;
        volatile boolean refreshRequested;
        volatile boolean silent;

        Conn(String id, WebSocket ws, Instant openedAt) {
            this.id = id;
            this.ws = ws;
            this.openedAt = openedAt;
        }
    }

    private static final class Pending {
        final String envelopeId;
        final String type;
        final ObjectNode payload;
        final boolean acceptsResponsePayload;
        int attempt;
        Attempt current;
        ScheduledFuture<?> timeout;

        Pending(String envelopeId, String type, ObjectNode payload, boolean acceptsResponsePayload) {
            this.envelopeId = envelopeId;
            this.type = type;
            this.payload = payload;
            this.acceptsResponsePayload = acceptsResponsePayload;
        }
    }

    private static final class Attempt {
        final String envelopeId;
        final String type;
        final Optional<String> eventId;
        final String connectionId;
        final int retryAttempt;
        final Instant sentAt;
        Delivery.Outcome outcome = Delivery.Outcome.PENDING;
        String ackPayload;

        Attempt(
                String envelopeId,
                String type,
                Optional<String> eventId,
                String connectionId,
                int retryAttempt,
                Instant sentAt) {
            this.envelopeId = envelopeId;
            this.type = type;
            this.eventId = eventId;
            this.connectionId = connectionId;
            this.retryAttempt = retryAttempt;
            this.sentAt = sentAt;
        }

        Delivery snapshot() {
            return new Delivery(
                    envelopeId,
                    type,
                    eventId,
                    connectionId,
                    retryAttempt,
                    retryAttempt == 0 ? Optional.empty() : Optional.of("timeout"),
                    sentAt,
                    outcome,
                    Optional.ofNullable(ackPayload));
        }
    }
}
