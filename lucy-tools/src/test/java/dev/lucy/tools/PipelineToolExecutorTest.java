package dev.lucy.tools;

import static dev.lucy.tools.SampleTools.deleteTask;
import static dev.lucy.tools.SampleTools.slowReport;
import static dev.lucy.tools.SampleTools.ticketTool;
import static dev.lucy.tools.SampleTools.weather;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The executor as the agent loop uses it: tool calls exactly as a model sends them. */
class PipelineToolExecutorTest extends ExecutorFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller ALICE = new Caller("T1", "U-alice", "C1:100.1");

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void runs_a_valid_call_and_answers_compact_json() {
        executor = executor(weather("sunny"));

        ToolResult result = executor.execute(ALICE, call("get_weather", "{ \"city\" : \"Paris\" }"));

        assertThat(result).isInstanceOf(ToolResult.Success.class);
        assertThat(result.content()).isEqualTo("{\"city\":\"Paris\",\"sky\":\"sunny\"}");
        assertThat(registry.usage().usage("get_weather").calls()).isEqualTo(1);
    }

    @Test
    void returns_invalid_arguments_with_the_problem_and_the_schema_so_the_model_can_correct_itself() {
        executor = executor(weather("sunny"));

        ToolResult missing = executor.execute(ALICE, call("get_weather", "{\"town\":\"Paris\"}"));
        ToolResult malformed = executor.execute(ALICE, call("get_weather", "{\"city\": Paris}"));

        assertThat(missing).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.INVALID_ARGUMENTS);
            assertThat(f.message()).contains("city").contains("town").contains("\"required\":[\"city\"]");
        });
        assertThat(malformed).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.INVALID_ARGUMENTS);
            assertThat(f.message()).contains("not valid JSON");
        });
        ToolResult corrected = executor.execute(ALICE, call("get_weather", "{\"city\":\"Paris\"}"));
        assertThat(corrected).isInstanceOf(ToolResult.Success.class);
    }

    @Test
    void answers_an_unknown_tool_with_the_closest_real_names() {
        executor = executor(weather("sunny"));

        ToolResult result = executor.execute(ALICE, call("get_wether", "{}"));

        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.UNKNOWN_TOOL);
            assertThat(f.message()).contains("get_weather").contains("search_tools");
        });
        assertThat(executor.metrics().unknownToolRate()).isEqualTo(1.0);
    }

    @Test
    void answers_a_missing_connection_with_the_connect_link_until_the_user_connects() {
        executor = executor(ticketTool());

        ToolResult before = executor.execute(ALICE, call("zendesk_get_ticket", "{\"id\":42}"));
        connections.connectWorkspace("T1", "zendesk");
        ToolResult after = executor.execute(ALICE, call("zendesk_get_ticket", "{\"id\":42}"));

        assertThat(before).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.CONNECTION_REQUIRED);
            assertThat(f.message()).contains("https://lucy.test/connect/zendesk");
        });
        assertThat(after.content()).contains("\"id\":42");
    }

    @Test
    void a_failing_provider_opens_its_breaker_and_the_model_is_told_it_is_unavailable() throws IOException {
        AtomicInteger hits = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/status");
        HttpClient http = HttpClient.newHttpClient();
        Tool status = Tool.builder("flaky_status")
                .description("Status of the flaky service")
                .provider("flaky")
                .handler((caller, args) -> {
                    try {
                        HttpResponse<String> response =
                                http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() >= 500) {
                            throw new ToolException(ToolError.RETRYABLE, "flaky answered " + response.statusCode());
                        }
                        return ToolResult.success(response.body());
                    } catch (IOException e) {
                        throw new ToolException(ToolError.RETRYABLE, "flaky is unreachable");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ToolException(ToolError.TIMED_OUT, "stopped");
                    }
                })
                .build();
        executor = executor(status);
        connections.connectWorkspace("T1", "flaky");

        ToolResult first = executor.execute(ALICE, call("flaky_status", "{}"));
        for (int i = 0; i < 4; i++) {
            executor.execute(ALICE, call("flaky_status", "{}"));
        }
        int hitsWhenOpened = hits.get();
        ToolResult refused = executor.execute(ALICE, call("flaky_status", "{}"));

        assertThat(first)
                .isInstanceOfSatisfying(
                        ToolResult.Failure.class, f -> assertThat(f.error()).isEqualTo(ToolError.RETRYABLE));
        assertThat(hitsWhenOpened).isEqualTo(15); // five calls, each tried three times (read-only tool)
        assertThat(waits).hasSize(10);
        assertThat(refused).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.UNAVAILABLE);
            assertThat(f.message()).contains("flaky").contains("Do not retry");
        });
        assertThat(hits.get()).isEqualTo(hitsWhenOpened);
        assertThat(registry.usage().usage("flaky_status").successRate()).isZero();
    }

    @Test
    void a_slow_tool_is_cut_at_its_budget_and_its_thread_interrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        executor = executor(slowReport("A report that takes forever", interrupted));

        ToolResult result = executor.execute(ALICE, call("slow_report", "{}"));

        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.TIMED_OUT);
            assertThat(f.message()).contains("200 ms");
        });
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_destructive_call_waits_for_approval_and_runs_once_approved() throws Exception {
        executor = executor(deleteTask(deletions));

        BlockingQueue<ToolResult> results = runAsync(call("delete_task", "{\"id\":7}"));
        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);

        assertThat(asked).isNotNull();
        assertThat(asked.arguments()).isEqualTo("{\"id\":7}");
        assertThat(deletions.get()).isZero();
        assertThat(gate.decide(asked.id(), ApprovalDecision.approve("U-bob"))).isTrue();
        ToolResult result = results.poll(5, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(ToolResult.Success.class);
        assertThat(deletions.get()).isEqualTo(1);
    }

    @Test
    void a_cancelled_destructive_call_does_not_run() throws Exception {
        executor = executor(deleteTask(deletions));

        BlockingQueue<ToolResult> results = runAsync(call("delete_task", "{\"id\":7}"));
        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);
        gate.decide(asked.id(), ApprovalDecision.cancel("U-alice"));

        ToolResult result = results.poll(5, TimeUnit.SECONDS);
        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.NOT_APPROVED);
            assertThat(f.message()).contains("cancelled");
        });
        assertThat(deletions.get()).isZero();
    }

    @Test
    void an_expired_destructive_call_does_not_run() throws Exception {
        executor = executor(deleteTask(deletions));

        BlockingQueue<ToolResult> results = runAsync(call("delete_task", "{\"id\":7}"));
        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);
        clock.advance(Duration.ofMinutes(11));
        assertThat(gate.expireDue()).isEqualTo(1);

        ToolResult result = results.poll(5, TimeUnit.SECONDS);
        assertThat(result)
                .isInstanceOfSatisfying(
                        ToolResult.Failure.class, f -> assertThat(f.error()).isEqualTo(ToolError.NOT_APPROVED));
        assertThat(deletions.get()).isZero();
        assertThat(gate.decide(asked.id(), ApprovalDecision.approve("U-late"))).isFalse();
        assertThat(deletions.get()).isZero();
        assertThat(port.closed).containsExactly(ApprovalOutcome.EXPIRED);
    }

    @Test
    void offers_the_retrieved_tools_the_caller_has_connected_plus_search_tools() {
        executor = executor(weather("sunny"), ticketTool(), deleteTask(deletions));

        List<String> names = executor.toolsFor(ALICE, "what's the weather like in Lyon tomorrow?").stream()
                .map(ToolSpec::name)
                .toList();
        List<String> ticketNames = executor.toolsFor(ALICE, "show me support ticket 42").stream()
                .map(ToolSpec::name)
                .toList();

        assertThat(names.getFirst()).isEqualTo("get_weather");
        assertThat(names).endsWith("search_tools");
        assertThat(ticketNames).doesNotContain("zendesk_get_ticket");
    }

    @Test
    void with_few_tools_every_tool_the_caller_may_use_is_offered_without_a_search() {
        registry.registerAll(List.of(weather("sunny"), ticketTool(), deleteTask(deletions)));
        executor = PipelineToolExecutor.builder(registry)
                .connections(connections)
                .approvals(gate)
                .clock(clock)
                .offerAllWhenFew(true)
                .retriever((request, filter, k) -> {
                    throw new AssertionError("no search expected with " + registry.size() + " tools");
                })
                .build();

        List<String> names = executor.toolsFor(ALICE, "hello there").stream()
                .map(ToolSpec::name)
                .toList();

        assertThat(names)
                .as("nothing in common with the request, still offered; zendesk is not connected, so not offered")
                .containsExactly("delete_task", "get_weather", "search_tools");
    }

    @Test
    void search_tools_finds_more_tools_and_points_at_connections_still_missing() throws Exception {
        executor = executor(weather("sunny"), ticketTool(), deleteTask(deletions));

        ToolResult result = executor.execute(ALICE, call("search_tools", "{\"query\":\"support tickets\"}"));

        JsonNode answer = JSON.readTree(result.content());
        assertThat(answer.path("tools").toString()).doesNotContain("zendesk_get_ticket");
        assertThat(answer.at("/needs_connection/0/name").asText()).isEqualTo("zendesk_get_ticket");
        assertThat(answer.at("/needs_connection/0/connect_url").asText())
                .isEqualTo("https://lucy.test/connect/zendesk");

        connections.connectWorkspace("T1", "zendesk");
        JsonNode connected =
                JSON.readTree(executor.execute(ALICE, call("search_tools", "{\"query\":\"support tickets\"}"))
                        .content());
        assertThat(connected.at("/tools/0/name").asText()).isEqualTo("zendesk_get_ticket");
        assertThat(connected.at("/tools/0/parameters/required/0").asText()).isEqualTo("id");
    }

    @Test
    void a_successful_call_teaches_retrieval_the_request_it_served() {
        executor = executor(weather("sunny"), ticketTool());
        connections.connectWorkspace("T1", "zendesk");
        String request = "is it going to rain on the picnic";
        executor.toolsFor(ALICE, request);

        executor.execute(ALICE, call("get_weather", "{\"city\":\"Lyon\"}"));

        List<String> names =
                executor.toolsFor(new Caller("T1", "U-carol", "C2:1"), "will it rain on our picnic?").stream()
                        .map(ToolSpec::name)
                        .toList();
        assertThat(names.getFirst()).isEqualTo("get_weather");
    }

    private BlockingQueue<ToolResult> runAsync(ToolCall call) {
        BlockingQueue<ToolResult> results = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> results.add(executor.execute(ALICE, call)));
        return results;
    }

    private static ToolCall call(String name, String arguments) {
        return new ToolCall("call-1", name, arguments);
    }
}
