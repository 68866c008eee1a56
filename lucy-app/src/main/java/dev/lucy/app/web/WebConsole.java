package dev.lucy.app.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lucy.app.config.ConsoleConfig;
import dev.lucy.app.config.Secret;
import dev.lucy.app.ops.Redactor;
import dev.lucy.core.LucyException;
import dev.lucy.core.spi.DailyUsage;
import dev.lucy.core.spi.RunTrace;
import dev.lucy.core.spi.TraceQuery;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.MemoryAdmin;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lucy's web console: server-rendered pages (JTE templates compiled at build time) on the JDK's HTTP server, on a
 * port of its own, loopback unless configured otherwise. <b>Runs</b> lists recent agent runs per workspace, filtered by
 * person, channel, outcome and time, each with its trace as a timeline; <b>Memory</b> lists the facts per tier and
 * subject, with their history and a search, and forgets one with an audit entry; <b>Operations</b> shows the live
 * state the bot hands it.
 *
 * <p>Access: every request without a session is refused (401, with the sign-in form) but the sign-in itself and the
 * style sheet. A session starts from the one-time link {@link #signInLink()} (printed at start, single use), the
 * configured token, or "Sign in with Slack" ({@link SlackSignIn}, for workspace admins, granted their workspace only),
 * and is a cookie ({@code HttpOnly}, {@code SameSite=Strict}). Every POST carries the session's CSRF
 * token; every answer carries a strict Content-Security-Policy (no scripts at all), {@code X-Frame-Options: DENY},
 * {@code nosniff} and {@code Referrer-Policy: no-referrer}. Each session's {@link Grant} decides which workspaces it
 * sees, on every page and action; Operations, which is the whole process, is for grants of every workspace. Text from
 * traces and memory passes the log's {@link Redactor} again before it is shown. Thread safe.
 */
public final class WebConsole implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebConsole.class);
    private static final Logger audit = LoggerFactory.getLogger("dev.lucy.app.web.audit");
    static final String COOKIE = "lucy_console";
    static final String SIGN_IN_COOKIE = "lucy_console_signin";
    /** Binds a "Sign in with Slack" under way to the browser that started it. */
    static final String SLACK_COOKIE = "lucy_console_slack";

    private static final int MAX_FORM = 16 * 1024;
    /** How many of the newest changes the memory page lists. */
    private static final int AUDIT_KEPT = 100;
    /** Where the memory audit says a change was made. */
    static final String ORIGIN = "web console";
    /** How far back the runs page adds up tokens per day. */
    static final java.time.Duration USAGE_DAYS = java.time.Duration.ofDays(7);

    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private final ConsoleConfig config;
    private final Optional<TraceRecorder> traces;
    private final MemoryAdmin memory;
    private final Supplier<List<String>> workspaces;
    private final Supplier<List<Views.Section>> operations;
    private final Redactor redactor;
    private final Clock clock;
    private final Sessions sessions;
    private final TemplateEngine templates;
    private final byte[] css;
    private final ReentrantLock lock = new ReentrantLock();
    private final dev.lucy.memory.spi.MemoryAudit audits;
    private final Optional<PlaygroundWiring> playground;
    private final Map<String, dev.lucy.app.config.ModelPrice> prices;
    private final Optional<SlackSignIn> slackSignIn;
    private final SlackPreview preview = new SlackPreview();
    private final Map<String, Deque<String>> talks = new HashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, String> playgroundWorkspaces =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The playground and how its messages reach the runtime. */
    private record PlaygroundWiring(
            Playground playground,
            java.util.function.Function<dev.lucy.core.runtime.InboundEvent, dev.lucy.core.runtime.Admission> submit) {}

    private HttpServer server;
    private ExecutorService executor;
    private String link;

    private WebConsole(Builder b) {
        this.config = b.config;
        this.traces = b.traces;
        this.playground = b.playground;
        Map<String, dev.lucy.app.config.ModelPrice> prices = new HashMap<>(b.prices);
        // the playground's scripted model asks no provider: it costs nothing
        prices.putIfAbsent(PlaygroundModel.NAME, dev.lucy.app.config.ModelPrice.of("0", "0"));
        this.prices = Map.copyOf(prices);
        this.audits = b.audits;
        this.slackSignIn = b.slackSignIn;
        this.memory = Objects.requireNonNull(b.memory, "memory");
        this.workspaces = b.workspaces;
        this.operations = b.operations;
        this.redactor = b.redactor;
        this.clock = b.clock;
        this.sessions = new Sessions(config.token().map(Secret::reveal), clock);
        this.templates = TemplateEngine.createPrecompiled(
                null, ContentType.Html, WebConsole.class.getClassLoader(), "dev.lucy.app.web.pages");
        try (InputStream in = WebConsole.class.getResourceAsStream("console.css")) {
            this.css = Objects.requireNonNull(in, "console.css").readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("console.css is missing from the jar", e);
        }
    }

    public static Builder builder(ConsoleConfig config, MemoryAdmin memory) {
        return new Builder(config, memory);
    }

    /**
     * Binds and starts serving; returns this.
     *
     * @throws LucyException when the port cannot be bound (named in the message)
     */
    public WebConsole start() {
        lock.lock();
        try {
            if (server != null) {
                return this;
            }
            HttpServer s;
            try {
                s = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 0);
            } catch (IOException e) {
                throw LucyException.permanent("the web console cannot listen on " + config.bind() + ":" + config.port()
                        + " (" + e.getMessage() + "); set LUCY_CONSOLE_PORT to a free port or to off");
            }
            executor = Executors.newVirtualThreadPerTaskExecutor();
            s.setExecutor(executor);
            s.createContext("/", this::serve);
            s.start();
            server = s;
            link = sessions.issueLink();
            log.info("Web console on http://{}:{}/ (sign in with the link printed at start)", config.bind(), port());
            if (slackSignIn.isPresent()) {
                log.info(
                        "Sign in with Slack is on for workspace admins: the Slack app needs {} among its redirect URLs",
                        slackRedirect());
            }
            return this;
        } finally {
            lock.unlock();
        }
    }

    /** The port listened on. */
    public int port() {
        lock.lock();
        try {
            if (server == null) {
                throw new IllegalStateException("the web console is not started");
            }
            return server.getAddress().getPort();
        } finally {
            lock.unlock();
        }
    }

    /** The one-time sign-in link issued at start: works once, for a day. Print it for the operator; never log it. */
    public URI signInLink() {
        String host = config.bind().equals("0.0.0.0") || config.bind().equals("::") ? "127.0.0.1" : config.bind();
        lock.lock();
        try {
            return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port()
                    + "/signin?token=" + link);
        } finally {
            lock.unlock();
        }
    }

    /** A new one-time sign-in link, as at start. */
    public URI newSignInLink() {
        lock.lock();
        try {
            link = sessions.issueLink();
        } finally {
            lock.unlock();
        }
        return signInLink();
    }

    /** The console's sessions, for a sign-in method of its own (the seam "Sign in with Slack" plugs into). */
    public Sessions sessions() {
        return sessions;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (server != null) {
                server.stop(0);
                executor.close();
                server = null;
            }
            slackSignIn.ifPresent(SlackSignIn::close);
        } finally {
            lock.unlock();
        }
    }

    // --- requests

    private record Answer(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers) {
        static Answer html(int status, String html) {
            return new Answer(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), List.of());
        }

        static Answer redirect(String to) {
            return new Answer(303, "text/plain; charset=utf-8", new byte[0], List.of(Map.entry("Location", to)));
        }

        /** This answer with one more header; a header may repeat ({@code Set-Cookie}). */
        Answer with(String header, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(headers);
            more.add(Map.entry(header, value));
            return new Answer(status, contentType, body, List.copyOf(more));
        }
    }

    private void serve(HttpExchange exchange) {
        Answer answer;
        try {
            answer = route(exchange);
        } catch (RuntimeException e) {
            log.warn(
                    "web console: {} {} failed: {}",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    e.toString());
            answer = problem(500, "Something went wrong", "This page could not be shown. The log has the details.");
        }
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", answer.contentType());
            headers.set("Content-Security-Policy", CSP);
            headers.set("X-Frame-Options", "DENY");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cache-Control", "no-store");
            answer.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(
                    answer.status(), head || answer.body().length == 0 ? -1 : answer.body().length);
            if (!head && answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        } catch (IOException e) {
            log.debug("web console: answer not sent: {}", e.getMessage());
        }
    }

    private Answer route(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        boolean post = method.equals("POST");
        if (!post && !method.equals("GET") && !method.equals("HEAD")) {
            return problem(405, "Not allowed", "This page only answers GET and POST.");
        }
        if (path.equals("/console.css")) {
            return new Answer(200, "text/css; charset=utf-8", css, List.of());
        }
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        if (path.equals("/signin")) {
            return post ? signInByForm(exchange) : signInByLink(exchange, query);
        }
        if (path.equals(SlackSignIn.START_PATH) && !post && slackSignIn.isPresent()) {
            return signInWithSlack(slackSignIn.get());
        }
        if (path.equals(SlackSignIn.CALLBACK_PATH) && !post && slackSignIn.isPresent()) {
            return signedInWithSlack(slackSignIn.get(), exchange, query);
        }
        Optional<Sessions.Session> session = cookie(exchange, COOKIE).flatMap(sessions::find);
        if (session.isEmpty()) {
            return signInPage(401, Optional.of("Please sign in to see this page."));
        }
        Map<String, String> form = Map.of();
        if (post) {
            form = form(exchange);
            if (!session.get().csrf().equals(form.getOrDefault("csrf", ""))) {
                return problem(
                        403,
                        "Not allowed",
                        "This form is out of date or did not come from this console. Reload the page and try again.");
            }
        }
        Sessions.Session s = session.get();
        if (post) {
            return switch (path) {
                case "/memory/forget" -> forget(s, form);
                case "/playground" -> playgroundSend(s, form);
                case "/signout" -> signOut(s);
                default -> problem(404, "Not found", "There is no such page.");
            };
        }
        if (path.equals("/")) {
            return Answer.redirect("/runs");
        }
        if (path.equals("/runs")) {
            return runs(s, query);
        }
        if (path.startsWith("/runs/")) {
            return run(s, path.substring("/runs/".length()));
        }
        if (path.equals("/memory")) {
            return memory(s, query, Optional.empty());
        }
        if (path.equals("/memory/export")) {
            return export(s, query);
        }
        if (path.equals("/operations")) {
            return operations(s);
        }
        if (path.equals("/playground")) {
            return playground(s, query, Optional.empty());
        }
        return problem(404, "Not found", "There is no such page.");
    }

    // --- sign-in

    private Answer signInByLink(HttpExchange exchange, Map<String, String> query) {
        String token = query.getOrDefault("token", "");
        if (token.isEmpty()) {
            return signInPage(200, Optional.empty());
        }
        return sessions.signIn(token)
                .map(this::signedIn)
                .orElseGet(
                        () -> signInPage(
                                401,
                                Optional.of(
                                        "That sign-in link was used already or is not valid. Ask for a new one (restart Lucy, or use the console token).")));
    }

    private Answer signInByForm(HttpExchange exchange) {
        Map<String, String> form = form(exchange);
        Optional<String> expected = cookie(exchange, SIGN_IN_COOKIE);
        if (expected.isEmpty() || !expected.get().equals(form.getOrDefault("csrf", ""))) {
            return problem(
                    403,
                    "Not allowed",
                    "This form is out of date or did not come from this console. Reload the page and try again.");
        }
        return sessions.signIn(form.getOrDefault("token", "").strip())
                .map(this::signedIn)
                .orElseGet(
                        () -> signInPage(
                                401,
                                Optional.of(
                                        "That token is not right. Check LUCY_CONSOLE_TOKEN, or use the link Lucy printed at start.")));
    }

    private Answer signedIn(Sessions.Session session) {
        return Answer.redirect("/runs")
                .with("Set-Cookie", COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict")
                .with("Set-Cookie", SIGN_IN_COOKIE + "=; Path=/signin; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    /** Where people's browsers reach the console: {@code LUCY_CONSOLE_URL}, else its own address. */
    private String consoleUrl() {
        return config.url()
                .map(URI::toString)
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElseGet(() -> {
                    URI link = signInLink();
                    return link.getScheme() + "://" + link.getRawAuthority();
                });
    }

    /** The redirect URL of "Sign in with Slack", to add to the Slack app. */
    public URI slackRedirect() {
        return URI.create(consoleUrl() + SlackSignIn.CALLBACK_PATH);
    }

    private String slackCookie(String value, int maxAge) {
        return SLACK_COOKIE + "=" + value + "; Path=" + SlackSignIn.START_PATH + "; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Lax" + (consoleUrl().startsWith("https:") ? "; Secure" : "");
    }

    private Answer signInWithSlack(SlackSignIn slack) {
        Optional<SlackSignIn.Started> started = slack.start(slackRedirect());
        if (started.isEmpty()) {
            return problem(
                    503, "Please try again soon", "Too many sign-ins are under way. Try again in a few minutes.");
        }
        // Lax, not Strict: the browser comes back from Slack, another site, and must bring this cookie along.
        return Answer.redirect(started.get().authorize().toString())
                .with("Set-Cookie", slackCookie(started.get().binding(), (int) SlackSignIn.STATE_LIFETIME.toSeconds()));
    }

    private Answer signedInWithSlack(SlackSignIn slack, HttpExchange exchange, Map<String, String> query) {
        Optional<String> binding = cookie(exchange, SLACK_COOKIE);
        Answer answer = switch (slack.complete(query, binding, slackRedirect())) {
            case SlackSignIn.Refused refused -> problem(refused.status(), refused.title(), refused.message());
            case SlackSignIn.SignedIn in -> {
                Sessions.Session session = sessions.open(in.grant());
                audit.info(
                        "web console: {} signed in with Slack for workspaces {}",
                        in.grant().who(),
                        in.grant().workspaces());
                // A page of the console's own moves on to the runs: a redirect chain started on Slack's site
                // would not carry the SameSite=Strict session cookie.
                yield Answer.html(200, render("signedin.jte", in.name()))
                        .with(
                                "Set-Cookie",
                                COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict"
                                        + (consoleUrl().startsWith("https:") ? "; Secure" : ""));
            }
        };
        return answer.with("Set-Cookie", slackCookie("", 0));
    }

    private Answer signInPage(int status, Optional<String> problem) {
        String csrf = sessions.randomToken();
        return Answer.html(status, render("signin.jte", new Views.SignIn(csrf, problem, slackSignIn.isPresent())))
                .with("Set-Cookie", SIGN_IN_COOKIE + "=" + csrf + "; Path=/signin; HttpOnly; SameSite=Strict");
    }

    private Answer signOut(Sessions.Session session) {
        sessions.close(session.id());
        return Answer.redirect("/signin")
                .with("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    // --- pages

    private List<String> visible(Grant grant) {
        List<String> known = new ArrayList<>(workspaces.get());
        return grant.visible(known);
    }

    /** The workspace the page is about: the one asked for when allowed, else the first visible one. */
    private Optional<String> workspace(Grant grant, Map<String, String> query) {
        String asked = query.getOrDefault("workspace", "");
        if (!asked.isEmpty()) {
            return grant.allows(asked) ? Optional.of(asked) : Optional.empty();
        }
        List<String> visible = visible(grant);
        return visible.isEmpty() ? Optional.of("") : Optional.of(visible.get(0));
    }

    private Views.Chrome chrome(Sessions.Session session, String title, String tab, String workspace) {
        return new Views.Chrome(title, tab, session.csrf(), visible(session.grant()), workspace, false);
    }

    private Answer runs(Sessions.Session session, Map<String, String> query) {
        Optional<String> ws = workspace(session.grant(), query);
        if (ws.isEmpty()) {
            return notYours();
        }
        Views.RunFilters filters = new Views.RunFilters(
                query.getOrDefault("user", "").strip(),
                query.getOrDefault("channel", "").strip(),
                query.getOrDefault("outcome", "").strip(),
                query.getOrDefault("since", "").strip());
        List<String> outcomes =
                Arrays.stream(RunTrace.Outcome.values()).map(Views::outcome).toList();
        Views.Chrome chrome = chrome(session, "Runs", "runs", ws.get());
        if (traces.isEmpty()) {
            return page(
                    "runs.jte", new Views.Runs(chrome, false, List.of(), List.of(), filters, outcomes, 0, List.of()));
        }
        TraceQuery q = TraceQuery.in(ws.get().isEmpty() ? java.util.Set.of() : java.util.Set.of(ws.get()));
        if (!filters.user().isEmpty()) {
            q = q.withUser(filters.user());
        }
        if (!filters.channel().isEmpty()) {
            q = q.withChannel(filters.channel());
        }
        if (!filters.outcome().isEmpty()) {
            for (RunTrace.Outcome o : RunTrace.Outcome.values()) {
                if (Views.outcome(o).equals(filters.outcome())) {
                    q = q.withOutcome(o);
                }
            }
        }
        if (!filters.since().isEmpty()) {
            try {
                q = q.withSince(LocalDate.parse(filters.since())
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant());
            } catch (DateTimeParseException e) {
                // an unreadable date filters nothing; the form shows what was typed
            }
        }
        TraceRecorder recorder = traces.get();
        List<RunTrace> running = ws.get().isEmpty() ? List.of() : recorder.inFlight(java.util.Set.of(ws.get()));
        List<DailyUsage> usage = ws.get().isEmpty()
                ? List.of()
                : recorder.traces()
                        .usage(java.util.Set.of(ws.get()), clock.instant().minus(USAGE_DAYS));
        return page(
                "runs.jte",
                new Views.Runs(
                        chrome,
                        true,
                        running,
                        recorder.traces().find(q),
                        filters,
                        outcomes,
                        recorder.dropped(),
                        usage));
    }

    private Answer run(Sessions.Session session, String runId) {
        Optional<RunTrace> trace = traces.flatMap(t -> t.traces().get(runId))
                .filter(t -> session.grant().allows(t.workspaceId()));
        if (trace.isEmpty()) {
            return problem(404, "Run not found", "There is no such run, or it is older than the traces are kept.");
        }
        RunTrace shown = masked(trace.get());
        return page(
                "run.jte", new Views.Run(chrome(session, "Run " + shown.runId(), "runs", shown.workspaceId()), shown));
    }

    private RunTrace masked(RunTrace t) {
        List<RunTrace.Step> steps = t.steps().stream()
                .map(s -> new RunTrace.Step(
                        s.at(), s.kind(), redactor.redact(s.title()), redactor.redact(s.detail()), s.took()))
                .toList();
        return new RunTrace(
                t.runId(),
                t.workspaceId(),
                t.channelId(),
                t.conversationId(),
                t.userId(),
                t.startedAt(),
                t.endedAt(),
                t.outcome(),
                t.triage(),
                t.queueWait(),
                t.promptTokens(),
                t.completionTokens(),
                steps,
                t.models());
    }

    private Answer memory(Sessions.Session session, Map<String, String> query, Optional<String> notice) {
        Optional<String> ws = workspace(session.grant(), query);
        if (ws.isEmpty()) {
            return notYours();
        }
        String search = query.getOrDefault("q", "").strip();
        boolean history = query.containsKey("history");
        List<Fact> facts = ws.get().isEmpty()
                ? List.of()
                : memory.list(history ? FactQuery.workspace(ws.get()).withHistory() : FactQuery.workspace(ws.get()));
        String needle = search.toLowerCase(Locale.ROOT);
        Map<String, List<Views.FactRow>> groups = new LinkedHashMap<>();
        Map<String, String[]> keys = new HashMap<>();
        int count = 0;
        for (Fact fact : facts.stream()
                .sorted(Comparator.comparing((Fact f) -> f.tier().ordinal())
                        .reversed()
                        .thenComparing(Fact::subject)
                        .thenComparing(Fact::validFrom, Comparator.reverseOrder()))
                .toList()) {
            if (!needle.isEmpty()
                    && !(fact.text() + " " + fact.subject())
                            .toLowerCase(Locale.ROOT)
                            .contains(needle)) {
                continue;
            }
            String tier = fact.tier().name().toLowerCase(Locale.ROOT);
            String key = tier + "\u0000" + fact.subject();
            keys.putIfAbsent(key, new String[] {tier, fact.subject()});
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row(fact));
            count++;
        }
        List<Views.FactGroup> grouped = new ArrayList<>();
        groups.forEach((key, rows) ->
                grouped.add(new Views.FactGroup(keys.get(key)[0], redactor.redact(keys.get(key)[1]), rows)));
        List<Views.AuditEntry> entries = ws.get().isEmpty()
                ? List.of()
                : audits.recent(ws.get(), AUDIT_KEPT).stream()
                        .map(a -> new Views.AuditEntry(
                                a.at(),
                                a.who(),
                                a.workspaceId(),
                                a.action(),
                                a.factId() + " (" + a.tier().name().toLowerCase(Locale.ROOT) + " fact about "
                                        + redactor.redact(a.subject()) + "), from the " + a.origin()))
                        .toList();
        return page(
                "memory.jte",
                new Views.Memory(
                        chrome(session, "Memory", "memory", ws.get()),
                        search,
                        history,
                        grouped,
                        count,
                        entries,
                        notice));
    }

    /**
     * The workspace's facts as a download, JSON or CSV (what {@code ./lucy memory export --format} prints): only for a
     * workspace the session is granted, as the page itself.
     */
    private Answer export(Sessions.Session session, Map<String, String> query) {
        Optional<String> ws = workspace(session.grant(), query);
        if (ws.isEmpty() || ws.get().isEmpty()) {
            return notYours();
        }
        String format = query.getOrDefault("format", "json");
        String body;
        String type;
        switch (format) {
            case "json" -> {
                body = memory.exportJson(ws.get());
                type = "application/json; charset=utf-8";
            }
            case "csv" -> {
                body = memory.exportCsv(ws.get());
                type = "text/csv; charset=utf-8";
            }
            default -> {
                return problem(400, "Not a format", "Memory downloads as json or csv.");
            }
        }
        audit.info(
                "web console: {} exported the memory of workspace {} as {}",
                session.grant().who(),
                ws.get(),
                format);
        String file = "lucy-memory-" + ws.get().replaceAll("[^A-Za-z0-9_-]", "_") + "." + format;
        return new Answer(200, type, body.getBytes(StandardCharsets.UTF_8), List.of())
                .with("Content-Disposition", "attachment; filename=\"" + file + "\"");
    }

    private Views.FactRow row(Fact fact) {
        String state = fact.validTo().isEmpty()
                ? "holds"
                : "replaced " + Views.time(fact.validTo().get())
                        + fact.supersededBy().map(id -> " by " + id).orElse("");
        return new Views.FactRow(
                fact.id(),
                redactor.redact(fact.text()),
                fact.category().name().toLowerCase(Locale.ROOT),
                fact.owner().map(o -> "personal (" + o + ")").orElse("shared"),
                fact.validTo().isEmpty(),
                state,
                "said by " + fact.source().userId() + " in " + fact.source().conversationId() + ", "
                        + Views.time(fact.source().at()),
                Views.time(fact.lastSeenAt()));
    }

    private Answer forget(Sessions.Session session, Map<String, String> form) {
        String ws = form.getOrDefault("workspace", "");
        String factId = form.getOrDefault("fact", "");
        if (ws.isEmpty() || !session.grant().allows(ws)) {
            return notYours();
        }
        Optional<Fact> fact = memory.inspect(ws, factId);
        boolean forgotten = fact.isPresent() && memory.forget(ws, factId);
        if (forgotten) {
            String who = session.grant().who();
            audit.info("web console: {} forgot fact {} in workspace {}", who, factId, ws);
            audits.record(dev.lucy.memory.MemoryAuditEntry.forgot(fact.get(), who, ORIGIN, clock.instant()));
        }
        return memory(
                session,
                Map.of("workspace", ws),
                Optional.of(forgotten ? "Forgotten: Lucy will no longer recall it." : "That fact was already gone."));
    }

    private Answer operations(Sessions.Session session) {
        if (!session.grant().allWorkspaces()) {
            return problem(403, "Not allowed", "Operations shows the whole of Lucy; it is for the operator.");
        }
        List<String> visible = visible(session.grant());
        List<Views.CostRow> costs = new ArrayList<>();
        traces.ifPresent(recorder -> {
            for (Costs.Day day : Costs.of(
                    recorder.traces()
                            .modelUsage(
                                    java.util.Set.copyOf(visible),
                                    clock.instant().minus(USAGE_DAYS)),
                    prices)) {
                costs.add(new Views.CostRow(
                        day.day().toString(),
                        day.workspaceId(),
                        String.format(Locale.ROOT, "%,d", day.tokens()),
                        Costs.cost(day),
                        Costs.models(day)));
            }
        });
        return page(
                "operations.jte",
                new Views.Operations(
                        chrome(session, "Operations", "operations", visible.isEmpty() ? "" : visible.get(0)),
                        operations.get(),
                        List.copyOf(costs),
                        USAGE_DAYS.toDays(),
                        traces.isPresent()));
    }

    private Answer playground(Sessions.Session session, Map<String, String> query, Optional<String> notice) {
        Optional<String> ws = workspace(session.grant(), query);
        if (ws.isEmpty()) {
            return notYours();
        }
        if (playground.isEmpty()) {
            return problem(404, "Not found", "The playground is not on in this Lucy.");
        }
        Playground talk = playground.get().playground();
        List<Views.Conversation> conversations = new ArrayList<>();
        boolean waiting = false;
        for (String conversation : mine(session)) {
            List<Playground.Said> said = talk.conversation(conversation);
            if (said.isEmpty() || !ws.get().equals(workspaceOf(conversation))) {
                continue;
            }
            List<Views.Said> shown = new ArrayList<>();
            for (Playground.Said s : said) {
                shown.add(new Views.Said(
                        s.fromLucy(),
                        s.fromLucy() ? preview.html(redactor.redact(s.text())) : redactor.redact(s.text()),
                        Views.time(s.at())));
            }
            boolean answered = said.get(said.size() - 1).fromLucy();
            waiting |= !answered;
            List<RunTrace> runs = traces.map(t -> t.traces().find(TraceQuery.in(java.util.Set.of(ws.get()))).stream()
                            .filter(trace -> trace.conversationId().equals(conversation))
                            .toList())
                    .orElse(List.of());
            Optional<RunTrace> latest = runs.stream()
                    .findFirst()
                    .flatMap(r -> traces.get().traces().get(r.runId()))
                    .map(this::masked);
            conversations.add(new Views.Conversation(
                    conversation,
                    talk.scripted(conversation),
                    List.copyOf(shown),
                    !answered,
                    runs.stream().map(Views::runPath).toList().reversed(),
                    latest));
        }
        Views.Chrome chrome = chrome(session, "Playground", "playground", ws.get());
        chrome = new Views.Chrome(
                chrome.title(), chrome.tab(), chrome.csrf(), chrome.workspaces(), chrome.workspace(), waiting);
        return page("playground.jte", new Views.PlaygroundPage(chrome, conversations, waiting, notice));
    }

    /** The playground conversations of {@code session}, newest first. */
    private List<String> mine(Sessions.Session session) {
        lock.lock();
        try {
            return List.copyOf(talks.getOrDefault(session.id(), new ArrayDeque<>()));
        } finally {
            lock.unlock();
        }
    }

    private String workspaceOf(String conversation) {
        return playgroundWorkspaces.getOrDefault(conversation, "");
    }

    private Answer playgroundSend(Sessions.Session session, Map<String, String> form) {
        String ws = form.getOrDefault("workspace", "");
        String message = form.getOrDefault("message", "").strip();
        String conversation = form.getOrDefault("conversation", "");
        boolean scripted = form.getOrDefault("model", "configured").equals("scripted");
        if (ws.isEmpty() || !session.grant().allows(ws)) {
            return notYours();
        }
        if (playground.isEmpty()) {
            return problem(404, "Not found", "The playground is not on in this Lucy.");
        }
        if (message.isEmpty()) {
            return playground(session, Map.of("workspace", ws), Optional.of("Write a message first."));
        }
        Playground talk = playground.get().playground();
        dev.lucy.core.runtime.InboundEvent event;
        if (conversation.isEmpty()) {
            event = talk.open(ws, session.grant().who(), message, scripted);
            playgroundWorkspaces.put(event.conversationId(), ws);
            lock.lock();
            try {
                Deque<String> mine = talks.computeIfAbsent(session.id(), id -> new ArrayDeque<>());
                mine.addFirst(event.conversationId());
                while (mine.size() > 10) {
                    mine.removeLast();
                }
            } finally {
                lock.unlock();
            }
        } else {
            // only a conversation of this session, in this workspace, takes a follow-up
            if (!mine(session).contains(conversation) || !ws.equals(workspaceOf(conversation))) {
                return notYours();
            }
            Optional<dev.lucy.core.runtime.InboundEvent> reply =
                    talk.reply(ws, session.grant().who(), conversation, message, scripted);
            if (reply.isEmpty()) {
                return playground(
                        session,
                        Map.of("workspace", ws),
                        Optional.of("That conversation is no longer kept; start a new one."));
            }
            event = reply.get();
        }
        dev.lucy.core.runtime.Admission admission = playground.get().submit().apply(event);
        boolean taken = admission instanceof dev.lucy.core.runtime.Admission.Accepted
                || admission instanceof dev.lucy.core.runtime.Admission.Queued;
        if (!taken) {
            return playground(
                    session, Map.of("workspace", ws), Optional.of("Lucy is busy right now; try again in a moment."));
        }
        return Answer.redirect("/playground?workspace=" + java.net.URLEncoder.encode(ws, StandardCharsets.UTF_8));
    }

    private Answer notYours() {
        // The same answer as for a workspace that does not exist: nothing about others' workspaces leaks.
        return problem(404, "Not found", "There is no such workspace here.");
    }

    private Answer page(String template, Object model) {
        return Answer.html(200, render(template, model));
    }

    private Answer problem(int status, String title, String message) {
        return Answer.html(status, render("problem.jte", new Views.Problem(status, title, message)));
    }

    private String render(String template, Object model) {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        return out.toString();
    }

    // --- parsing

    private static Optional<String> cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String[] kv = part.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equals(name) && !kv[1].isEmpty()) {
                    return Optional.of(kv[1]);
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> form(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM);
            return parse(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Map.of();
        }
    }

    static Map<String, String> parse(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
            values.putIfAbsent(key, kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    /** Settings of the console. */
    public static final class Builder {
        private final ConsoleConfig config;
        private final MemoryAdmin memory;
        private Optional<TraceRecorder> traces = Optional.empty();
        private Optional<PlaygroundWiring> playground = Optional.empty();
        private Optional<SlackSignIn> slackSignIn = Optional.empty();
        private Supplier<List<String>> workspaces = List::of;
        private Supplier<List<Views.Section>> operations = List::of;
        private Map<String, dev.lucy.app.config.ModelPrice> prices = Map.of();
        private dev.lucy.memory.spi.MemoryAudit audits = dev.lucy.memory.spi.MemoryAudit.inMemory();
        private Redactor redactor = Redactor.patternsOnly();
        private Clock clock = Clock.systemUTC();

        private Builder(ConsoleConfig config, MemoryAdmin memory) {
            this.config = Objects.requireNonNull(config, "config");
            this.memory = Objects.requireNonNull(memory, "memory");
        }

        /** Where the runs come from; without it, the runs page says tracing is off. */
        public Builder traces(TraceRecorder traces) {
            this.traces = Optional.of(traces);
            return this;
        }

        /** The playground (given to the engine too) and the runtime's {@code submit}, which answers its messages. */
        public Builder playground(
                Playground playground,
                java.util.function.Function<dev.lucy.core.runtime.InboundEvent, dev.lucy.core.runtime.Admission>
                        submit) {
            this.playground = Optional.of(new PlaygroundWiring(playground, submit));
            return this;
        }

        /**
         * "Sign in with Slack" for workspace admins, offered on the sign-in page; the console closes it when it closes.
         * Default: none, only the one-time link and the configured token.
         */
        public Builder slackSignIn(SlackSignIn slackSignIn) {
            this.slackSignIn = Optional.of(slackSignIn);
            return this;
        }

        /** The workspaces Lucy serves, in the order the picker shows them. */
        public Builder workspaces(Supplier<List<String>> workspaces) {
            this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
            return this;
        }

        /** What the operations page shows, asked for each time it is shown. */
        public Builder operations(Supplier<List<Views.Section>> operations) {
            this.operations = Objects.requireNonNull(operations, "operations");
            return this;
        }

        /**
         * Where a fact forgotten here is recorded (who, when, which fact, from where), and what the memory page lists.
         * Default: {@link dev.lucy.memory.spi.MemoryAudit#inMemory()}, lost at restart.
         */
        public Builder memoryAudit(dev.lucy.memory.spi.MemoryAudit audits) {
            this.audits = Objects.requireNonNull(audits, "audits");
            return this;
        }

        /** Prices per model ({@code LUCY_MODEL_PRICES}) for the cost per day. Default: none, tokens only. */
        public Builder prices(Map<String, dev.lucy.app.config.ModelPrice> prices) {
            this.prices = Map.copyOf(prices);
            return this;
        }

        /** What masks credentials in what is shown (the logs' redactor). Default: the built-in patterns. */
        public Builder redactor(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public WebConsole build() {
            return new WebConsole(this);
        }
    }
}
