package dev.lucy.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.ConsoleConfig;
import dev.lucy.app.config.Secret;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.RunTrace;
import dev.lucy.core.spi.RunTraces;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.MemoryAdmin;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console over HTTP, as a browser (or someone without one) reaches it: nothing without a session, the one-time link
 * works once, forms without the session's CSRF token are refused, every answer carries the security headers, a person
 * sees only the workspaces their grant allows, and no secret is ever rendered.
 */
class WebConsoleTest {
    private static final String TOKEN = "a-console-token-long-enough-1234";
    private static final Caller ALICE = new Caller("T1", "U1", "C1:1.0");

    private final HttpClient http = HttpClient.newHttpClient();
    private final MemoryAdminStore store = MemoryStore.inMemory();
    private final SessionMemory memory = SessionMemory.builder(store).build();
    private final RunTraces traces = RunTraces.inMemory();
    private TraceRecorder recorder;
    private WebConsole console;

    @BeforeEach
    void start() {
        // the recorder's clock is the traces' day: its prune at start must not delete them as old (a race otherwise)
        recorder = TraceRecorder.builder(traces)
                .clock(java.time.Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), java.time.ZoneOffset.UTC))
                .build()
                .start();
        console = WebConsole.builder(
                        ConsoleConfig.defaults().withPort(0).withToken(Secret.of(TOKEN)), MemoryAdmin.of(store))
                .traces(recorder)
                .workspaces(() -> List.of("T1", "T2"))
                .operations(
                        () -> List.of(new Views.Section("Queue and runs", List.of(new Views.Row("Runs waiting", "0")))))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        console.close();
        recorder.close();
    }

    @Test
    void every_page_refuses_a_request_without_a_session_and_offers_the_sign_in() throws Exception {
        for (String path : List.of("/", "/runs", "/memory", "/operations", "/runs/r1")) {
            HttpResponse<String> page = get(path, Optional.empty());
            assertThat(page.statusCode()).as(path).isEqualTo(401);
            assertThat(page.body())
                    .as(path)
                    .contains("Sign in to Lucy's console")
                    .doesNotContain("Recent runs");
        }
        assertThat(post("/memory/forget", "workspace=T1&fact=f1", Optional.empty())
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void the_sign_in_link_works_once_and_sets_a_strict_http_only_cookie() throws Exception {
        URI link = console.signInLink();
        HttpResponse<String> first =
                http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location")).contains("/runs");
        String cookie = first.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(WebConsole.COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict");
        assertThat(get("/runs", Optional.of(session(cookie))).statusCode()).isEqualTo(200);

        HttpResponse<String> again =
                http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as("the link is used up").isEqualTo(401);
        assertThat(again.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(WebConsole.COOKIE + "="));
    }

    @Test
    void the_configured_token_signs_in_through_the_form_only_with_the_forms_own_csrf_token() throws Exception {
        HttpResponse<String> form = get("/signin", Optional.empty());
        String formCookie =
                form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = hidden(form.body(), "csrf");

        HttpResponse<String> forged = post("/signin", "token=" + TOKEN + "&csrf=guess", Optional.of(formCookie));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> wrong = post("/signin", "token=not-the-token&csrf=" + csrf, Optional.of(formCookie));
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> right = post("/signin", "token=" + TOKEN + "&csrf=" + csrf, Optional.of(formCookie));
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(WebConsole.COOKIE + "="));
    }

    @Test
    void a_form_posted_without_the_sessions_csrf_token_changes_nothing() throws Exception {
        memory.remember(ALICE, "Remember our Q1 target is $800K");
        String factId = store.list(FactQuery.workspace("T1")).get(0).id();
        String cookie = signIn();

        HttpResponse<String> none = post("/memory/forget", "workspace=T1&fact=" + factId, Optional.of(cookie));
        HttpResponse<String> wrong =
                post("/memory/forget", "workspace=T1&fact=" + factId + "&csrf=x", Optional.of(cookie));

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(store.list(FactQuery.workspace("T1"))).hasSize(1);

        String csrf = hidden(get("/memory?workspace=T1", Optional.of(cookie)).body(), "csrf");
        HttpResponse<String> forgotten =
                post("/memory/forget", "workspace=T1&fact=" + factId + "&csrf=" + csrf, Optional.of(cookie));
        assertThat(forgotten.statusCode()).isEqualTo(200);
        assertThat(forgotten.body()).contains("Forgotten", "operator forgot " + factId);
        assertThat(store.list(FactQuery.workspace("T1"))).isEmpty();
    }

    @Test
    void every_answer_carries_the_security_headers() throws Exception {
        for (HttpResponse<String> page : List.of(
                get("/runs", Optional.empty()),
                get("/runs", Optional.of(signIn())),
                get("/console.css", Optional.empty()))) {
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .get()
                    .asString()
                    .contains("default-src 'none'", "frame-ancestors 'none'")
                    .doesNotContain("script-src");
            assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        }
    }

    @Test
    void a_workspace_admin_sees_only_their_workspace_and_not_the_operations_of_the_whole_process() throws Exception {
        traces.save(trace("r1", "T1"));
        traces.save(trace("r2", "T2"));
        memory.remember(ALICE, "Remember our Q1 target is $800K");
        String factId = store.list(FactQuery.workspace("T1")).get(0).id();
        Sessions.Session admin = console.sessions().open(Grant.of("U9", Set.of("T2")));
        Optional<String> cookie = Optional.of(WebConsole.COOKIE + "=" + admin.id());

        assertThat(get("/runs?workspace=T2", cookie).body())
                .contains("/runs/r2")
                .doesNotContain("/runs/r1");
        assertThat(get("/runs", cookie).body()).as("their workspace by default").contains("/runs/r2");
        assertThat(get("/runs?workspace=T1", cookie).statusCode()).isEqualTo(404);
        assertThat(get("/runs/r1", cookie).statusCode()).isEqualTo(404);
        assertThat(get("/runs/r2", cookie).statusCode()).isEqualTo(200);
        assertThat(get("/memory?workspace=T1", cookie).statusCode()).isEqualTo(404);
        assertThat(get("/operations", cookie).statusCode()).isEqualTo(403);
        HttpResponse<String> forget =
                post("/memory/forget", "workspace=T1&fact=" + factId + "&csrf=" + admin.csrf(), cookie);
        assertThat(forget.statusCode()).isEqualTo(404);
        assertThat(store.list(FactQuery.workspace("T1")))
                .as("not theirs to forget")
                .hasSize(1);

        String operator = signIn();
        assertThat(get("/runs?workspace=T1", Optional.of(operator)).body()).contains("/runs/r1");
        assertThat(get("/operations", Optional.of(operator)).body()).contains("Runs waiting");
    }

    @Test
    void a_runs_trace_is_shown_as_a_timeline_with_secrets_masked() throws Exception {
        traces.save(trace("r1", "T1"));
        String body = get("/runs/r1", Optional.of(signIn())).body();

        assertThat(body).contains("Timeline", "tool search_docs: ok", "interactive, default tier", "answer posted");
        assertThat(body).doesNotContain("xoxb-1234567890-abcdefghij").contains("[redacted]");
    }

    private static RunTrace trace(String id, String workspace) {
        Instant at = Instant.parse("2026-03-01T09:00:00Z");
        return new RunTrace(
                id,
                workspace,
                "C1",
                "C1:1.0",
                "U1",
                at,
                at.plusSeconds(2),
                RunTrace.Outcome.ANSWERED,
                "interactive, default tier",
                Duration.ofMillis(5),
                100,
                20,
                List.of(
                        new RunTrace.Step(
                                at,
                                RunTrace.Kind.TOOL_CALL,
                                "tool search_docs: ok",
                                "arguments: {\"token\":\"xoxb-1234567890-abcdefghij\"}",
                                Duration.ofMillis(40)),
                        new RunTrace.Step(
                                at.plusSeconds(1),
                                RunTrace.Kind.MESSAGE_POSTED,
                                "answer posted",
                                "Done.",
                                Duration.ZERO)),
                List.of());
    }

    private String signIn() throws IOException, InterruptedException {
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(console.newSignInLink()).build(), HttpResponse.BodyHandlers.ofString());
        return session(signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(WebConsole.COOKIE + "="))
                .findFirst()
                .orElseThrow());
    }

    private static String session(String setCookie) {
        return setCookie.split(";")[0];
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a hidden " + name + " field").isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(String path, Optional<String> cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path));
        cookie.ifPresent(c -> request.header("Cookie", c));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, Optional<String> cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        cookie.ifPresent(c -> request.header("Cookie", c));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
