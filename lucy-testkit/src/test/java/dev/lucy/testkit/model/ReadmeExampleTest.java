package dev.lucy.testkit.model;

import static java.net.http.HttpRequest.BodyPublishers.ofString;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example in lucy-testkit/README.md, kept compiling and passing. */
class ReadmeExampleTest {
    // README example start
    @RegisterExtension
    static final ModelServerExtension MODEL = new ModelServerExtension();

    @Test
    void the_bot_calls_a_tool_then_answers(ScriptedModelServer server) throws Exception {
        server.enqueue(Reply.toolCall("search", "{\"q\":\"lucy\"}"), Reply.text("Lucy is a coworker."));
        String ask = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"who is lucy?\"}]}";
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions")); // your client here
        var response = HttpClient.newHttpClient()
                .send(request.POST(ofString(ask)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("\"name\":\"search\"");
        assertThat(server.lastRequest().orElseThrow().lastUserText()).hasValue("who is lucy?");
    }
    // README example end
}
