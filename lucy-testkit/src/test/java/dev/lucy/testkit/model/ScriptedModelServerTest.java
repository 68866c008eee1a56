package dev.lucy.testkit.model;

import static dev.lucy.testkit.model.OpenAiCalls.ask;
import static dev.lucy.testkit.model.OpenAiCalls.parse;
import static dev.lucy.testkit.model.OpenAiCalls.withTool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.Usage;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ScriptedModelServerTest extends ServerFixture {
    @Test
    void base_url_is_loopback_with_the_v1_prefix() {
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
        assertThat(server.port()).isPositive();
    }

    @Test
    void answers_text_in_the_chat_completion_shape_and_echoes_the_model() throws Exception {
        server.enqueue(Reply.text("Hello, I am Lucy."));

        HttpResponse<String> response = calls.post(ask("openai/gpt-4o-mini", "hi"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = parse(response.body());
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.path("model").asText()).isEqualTo("openai/gpt-4o-mini");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Hello, I am Lucy.");
        assertThat(choice.path("message").has("tool_calls")).isFalse();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isPositive();
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(5); // 17 characters, about 4 a token
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt()
                        + usage.path("completion_tokens").asInt());
    }

    @Test
    void echoes_the_last_user_message_when_nothing_is_scripted() throws Exception {
        JsonNode body = parse(calls.post(ask("m", "ping")).body());

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("You said: ping");
    }

    @Test
    void calls_a_tool_with_the_given_arguments() throws Exception {
        server.enqueue(Reply.toolCall("search", "{\"query\":\"lucy\"}"));

        JsonNode body =
                parse(calls.post(withTool(ask("m", "find lucy"), "search")).body());

        JsonNode message = body.at("/choices/0/message");
        assertThat(message.path("content").isNull()).isTrue();
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(call.path("id").asText()).matches("call_[A-Za-z0-9]{24}");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.at("/function/name").asText()).isEqualTo("search");
        assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"query\":\"lucy\"}");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void calls_several_tools_at_once_in_order() throws Exception {
        server.enqueue(Reply.toolCalls(
                new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_2", "weather", "{\"city\":\"Oslo\"}"),
                new ToolCall("call_3", "time", "{}")));

        JsonNode calls = parse(this.calls.post(ask("m", "weather?")).body()).at("/choices/0/message/tool_calls");

        assertThat(calls).hasSize(3);
        assertThat(calls.findValuesAsText("id")).containsExactly("call_1", "call_2", "call_3");
        assertThat(calls.get(1).at("/function/arguments").asText()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(calls.get(2).at("/function/name").asText()).isEqualTo("time");
    }

    @Test
    void serves_queued_turns_in_order_then_falls_back_to_the_script() throws Exception {
        server.script(Script.answer("from the script"));
        server.enqueue(Reply.text("first"), Reply.text("second"));

        assertThat(contentOf(calls.post(ask("m", "1")))).isEqualTo("first");
        assertThat(contentOf(calls.post(ask("m", "2")))).isEqualTo("second");
        assertThat(contentOf(calls.post(ask("m", "3")))).isEqualTo("from the script");
    }

    @Test
    void a_script_sees_the_conversation_the_tools_and_the_model() throws Exception {
        server.script(request -> Reply.text(request.model() + "|" + request.toolNames() + "|"
                + request.lastUserText().orElse("?") + "|" + request.messages().size()));

        String content = contentOf(calls.post(withTool(withTool(ask("gpt-x", "hello"), "search"), "calendar")));

        assertThat(content).isEqualTo("gpt-x|[search, calendar]|hello|2");
    }

    @Test
    void a_script_continues_after_tool_results_come_back() throws Exception {
        server.script(Script.toolThenAnswer("search", "{\"q\":\"x\"}", "It is x."));
        ObjectNode request = withTool(ask("m", "what is x?"), "search");

        JsonNode first = parse(calls.post(request).body()).at("/choices/0/message");
        ArrayNode messages = request.withArray("messages");
        messages.add(first);
        String callId = first.at("/tool_calls/0/id").asText();
        messages.addObject().put("role", "tool").put("tool_call_id", callId).put("content", "x is 42");
        String answer = contentOf(calls.post(request));

        assertThat(first.at("/tool_calls/0/function/name").asText()).isEqualTo("search");
        assertThat(answer).isEqualTo("It is x.");
        ModelRequest second = server.lastRequest().orElseThrow();
        assertThat(second.answersToolCalls()).isTrue();
        assertThat(second.toolResults()).containsExactly(new Message.Tool(callId, "search", "x is 42"));
    }

    @Test
    void loops_forever_on_the_same_call_with_fresh_ids() throws Exception {
        server.script(Script.loopOnToolCall("fetch", "{\"page\":1}"));

        JsonNode a = parse(calls.post(ask("m", "go")).body()).at("/choices/0/message/tool_calls/0");
        JsonNode b = parse(calls.post(ask("m", "go")).body()).at("/choices/0/message/tool_calls/0");
        JsonNode c = parse(calls.post(ask("m", "go")).body()).at("/choices/0/message/tool_calls/0");

        assertThat(java.util.List.of(a, b, c))
                .allSatisfy(call -> assertThat(call.path("function").toString())
                        .isEqualTo("{\"name\":\"fetch\",\"arguments\":\"{\\\"page\\\":1}\"}"));
        assertThat(java.util.Set.of(
                        a.path("id").asText(),
                        b.path("id").asText(),
                        c.path("id").asText()))
                .hasSize(3);
    }

    @Test
    void calls_a_tool_the_request_does_not_offer() throws Exception {
        server.script(Script.callUnknownTool());

        JsonNode call = parse(calls.post(withTool(ask("m", "go"), "tool_that_does_not_exist"))
                        .body())
                .at("/choices/0/message/tool_calls/0/function");

        assertThat(call.path("name").asText()).isEqualTo("tool_that_does_not_exist_");
    }

    @Test
    void sends_malformed_json_arguments() throws Exception {
        server.enqueue(Reply.malformedToolCall("search"));

        String arguments = parse(calls.post(ask("m", "go")).body())
                .at("/choices/0/message/tool_calls/0/function/arguments")
                .asText();

        assertThat(arguments).isEqualTo(Reply.MALFORMED_ARGUMENTS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenAiCalls.JSON.readTree(arguments))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void returns_empty_content_with_finish_reason_length() throws Exception {
        server.enqueue(Reply.truncated());

        JsonNode choice = parse(calls.post(ask("m", "write a novel")).body()).at("/choices/0");

        assertThat(choice.at("/message/content").asText()).isEmpty();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void cuts_a_long_answer_at_max_tokens_with_finish_reason_length() throws Exception {
        server.enqueue(Reply.text("a".repeat(400)));
        ObjectNode request = ask("m", "long please");
        request.put("max_tokens", 10);

        JsonNode body = parse(calls.post(request).body());

        assertThat(body.at("/choices/0/message/content").asText()).hasSize(40);
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void reports_scripted_usage_instead_of_the_estimate() throws Exception {
        server.enqueue(Reply.text("ok").withUsage(new Usage(1000, 7)));

        JsonNode usage = parse(calls.post(ask("m", "hi")).body()).path("usage");

        assertThat(usage.toString())
                .isEqualTo("{\"prompt_tokens\":1000,\"completion_tokens\":7,\"total_tokens\":1007}");
    }

    @Test
    void records_every_request_parsed_for_assertions() throws Exception {
        ObjectNode request = withTool(ask("gpt-test", "remember me"), "lookup");
        request.put("max_completion_tokens", 256);
        request.put("temperature", 0.2);

        calls.post(request);
        calls.post(ask("other", "second"));

        assertThat(server.requestCount()).isEqualTo(2);
        ModelRequest first = server.requests().get(0);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.model()).isEqualTo("gpt-test");
        assertThat(first.messages()).containsExactly(Message.system("You are Lucy."), Message.user("remember me"));
        assertThat(first.toolNames()).containsExactly("lookup");
        assertThat(first.tools().get(0).description()).isEqualTo("Does lookup");
        assertThat(parse(first.tools().get(0).parametersSchema()).path("type").asText())
                .isEqualTo("object");
        assertThat(first.maxTokens()).hasValue(256);
        assertThat(first.stream()).isFalse();
        assertThat(first.header("Authorization")).hasValue("Bearer sk-test");
        assertThat(first.json().path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(parse(first.body())).isEqualTo(request);
        assertThat(server.lastRequest().orElseThrow().lastUserText()).hasValue("second");
    }

    @Test
    void a_server_told_not_to_keep_requests_still_answers_scripts_and_counts_them() throws Exception {
        try (ScriptedModelServer lean = ScriptedModelServer.builder()
                .keepRequests(false)
                .script(request -> Reply.text("seen " + request.messages().size() + " messages"))
                .start()) {
            OpenAiCalls leanCalls = new OpenAiCalls(lean.baseUrl());

            JsonNode body = parse(leanCalls.post(ask("m", "first")).body());
            leanCalls.post(ask("m", "second"));

            assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("seen 2 messages");
            assertThat(lean.requestCount()).isEqualTo(2);
            assertThat(lean.awaitRequests(2, java.time.Duration.ofSeconds(5))).isTrue();
            assertThat(lean.requests()).isEmpty();
            assertThat(lean.lastRequest()).isEmpty();
        }
    }

    @Test
    void maps_assistant_tool_calls_and_multi_part_content_into_messages() throws Exception {
        String body = """
                {"model":"m","messages":[
                  {"role":"developer","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"look at "},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"this"}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"see","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_a","content":"a cat"}
                ]}""";

        assertThat(calls.postRaw(body).statusCode()).isEqualTo(200);

        assertThat(server.lastRequest().orElseThrow().messages())
                .containsExactly(
                        Message.system("Be brief."),
                        Message.user("look at this"),
                        Message.toolCalls(java.util.List.of(new ToolCall("call_a", "see", "{}"))),
                        new Message.Tool("call_a", "see", "a cat"));
    }

    @Test
    void refuses_a_body_that_is_not_json_with_openais_error_shape() throws Exception {
        HttpResponse<String> response = calls.postRaw("{not json");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = parse(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("could not parse the JSON body");
        assertThat(server.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{not json"));
    }

    @Test
    void refuses_a_request_without_model_or_messages() throws Exception {
        HttpResponse<String> noModel = calls.postRaw("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        HttpResponse<String> noMessages = calls.postRaw("{\"model\":\"m\"}");

        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(parse(noModel.body()).at("/error/message").asText()).contains("model");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(parse(noMessages.body()).at("/error/param").asText()).isEqualTo("messages");
    }

    @Test
    void refuses_a_tool_message_that_answers_no_tool_call() throws Exception {
        String body = """
                {"model":"m","messages":[{"role":"user","content":"hi"},
                  {"role":"tool","tool_call_id":"call_orphan","content":"result"}]}""";

        HttpResponse<String> response = calls.postRaw(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).at("/error/message").asText())
                .contains("must be a response to a preceding message with 'tool_calls'");
    }

    @Test
    void refuses_tool_calls_left_without_results() throws Exception {
        String body = """
                {"model":"m","messages":[{"role":"user","content":"hi"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"a","arguments":"{}"}},
                    {"id":"call_2","type":"function","function":{"name":"b","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"done"},
                  {"role":"user","content":"and?"}]}""";

        HttpResponse<String> response = calls.postRaw(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).at("/error/message").asText())
                .contains("did not have response messages: call_2");
    }

    @Test
    void accepts_a_broken_conversation_when_not_strict() throws Exception {
        try (ScriptedModelServer lenient =
                ScriptedModelServer.builder().strictConversation(false).start()) {
            String body = """
                    {"model":"m","messages":[{"role":"tool","tool_call_id":"call_orphan","content":"r"}]}""";

            assertThat(new OpenAiCalls(lenient.baseUrl()).postRaw(body).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void refuses_a_tool_with_an_invalid_name() throws Exception {
        HttpResponse<String> response = calls.post(withTool(ask("m", "hi"), "has spaces"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).at("/error/param").asText()).isEqualTo("tools[0].function.name");
    }

    @Test
    void refuses_a_prompt_longer_than_the_context_window() throws Exception {
        try (ScriptedModelServer small =
                ScriptedModelServer.builder().contextWindow(50).start()) {
            HttpResponse<String> response = new OpenAiCalls(small.baseUrl()).post(ask("m", "x".repeat(400)));

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = parse(response.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("context_length_exceeded");
            assertThat(error.path("message").asText()).startsWith("This model's maximum context length is 50 tokens");
        }
    }

    @Test
    void refuses_a_wrong_api_key_when_one_is_set() throws Exception {
        try (ScriptedModelServer guarded =
                ScriptedModelServer.builder().apiKey("sk-right").start()) {
            HttpResponse<String> response = new OpenAiCalls(guarded.baseUrl()).post(ask("m", "hi"));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(parse(response.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
        }
    }

    @Test
    void lists_models_in_the_models_endpoint_shape() throws Exception {
        try (ScriptedModelServer named =
                ScriptedModelServer.builder().models("fast", "smart").start()) {
            named.model("fallback");

            JsonNode body =
                    parse(new OpenAiCalls(named.baseUrl()).get("/models").body());

            assertThat(body.path("object").asText()).isEqualTo("list");
            assertThat(body.path("data").findValuesAsText("id")).containsExactly("fast", "smart", "fallback");
            assertThat(body.path("data").findValuesAsText("object")).containsOnly("model");
        }
    }

    @Test
    void retrieves_one_model_including_vendor_prefixed_names() throws Exception {
        try (ScriptedModelServer named =
                ScriptedModelServer.builder().models("openai/gpt-4o-mini").start()) {
            OpenAiCalls calls = new OpenAiCalls(named.baseUrl());

            HttpResponse<String> known = calls.get("/models/openai/gpt-4o-mini");
            HttpResponse<String> unknown = calls.get("/models/nobody/nothing");

            assertThat(known.statusCode()).isEqualTo(200);
            assertThat(parse(known.body()).path("id").asText()).isEqualTo("openai/gpt-4o-mini");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(parse(unknown.body()).at("/error/code").asText()).isEqualTo("model_not_found");
        }
    }

    @Test
    void refuses_unknown_models_when_asked_to() throws Exception {
        try (ScriptedModelServer strict = ScriptedModelServer.builder()
                .models("known")
                .rejectUnknownModels()
                .start()) {
            strict.model("configured");
            OpenAiCalls calls = new OpenAiCalls(strict.baseUrl());

            HttpResponse<String> unknown = calls.post(ask("gpt-9", "hi"));

            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(parse(unknown.body()).at("/error/message").asText())
                    .isEqualTo("The model `gpt-9` does not exist or you do not have access to it.");
            assertThat(calls.post(ask("known", "hi")).statusCode()).isEqualTo(200);
            assertThat(calls.post(ask("configured", "hi")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void answers_unknown_paths_with_404_in_openais_error_shape() throws Exception {
        HttpResponse<String> response = calls.get("/embeddings");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(parse(response.body()).at("/error/message").asText()).isEqualTo("Invalid URL (GET /v1/embeddings)");
    }

    @Test
    void a_failing_script_answers_500_naming_the_failure() throws Exception {
        server.script(request -> {
            throw new IllegalStateException("no turn for this");
        });

        HttpResponse<String> response = calls.post(ask("m", "hi"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(parse(response.body()).at("/error/message").asText()).contains("no turn for this");
    }

    @Test
    void model_rules_take_precedence_over_the_servers_queue_and_script() throws Exception {
        server.enqueue(Reply.text("server queue"));
        server.script(Script.answer("server script"));
        server.model("special").enqueue(Reply.text("model queue")).script(Script.answer("model script"));

        assertThat(contentOf(calls.post(ask("special", "1")))).isEqualTo("model queue");
        assertThat(contentOf(calls.post(ask("special", "2")))).isEqualTo("server queue");
        assertThat(contentOf(calls.post(ask("special", "3")))).isEqualTo("model script");
        assertThat(contentOf(calls.post(ask("plain", "4")))).isEqualTo("server script");
    }

    @Test
    void reset_forgets_scripts_queues_and_recordings() throws Exception {
        server.enqueue(Reply.text("queued"));
        server.script(Script.answer("scripted"));
        server.model("m").failWith(Fault.serverError());
        calls.post(ask("x", "1"));

        server.reset();

        assertThat(server.requests()).isEmpty();
        assertThat(contentOf(calls.post(ask("m", "again")))).isEqualTo("You said: again");
        assertThat(server.lastRequest().orElseThrow().sequence()).isEqualTo(1);
    }

    static String contentOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response.body()).at("/choices/0/message/content").asText();
    }
}
