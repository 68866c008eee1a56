package dev.lucy.testkit.model;

import static dev.lucy.testkit.model.OpenAiCalls.ask;
import static dev.lucy.testkit.model.ScriptedModelServerTest.contentOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelServerExtensionTest {
    @RegisterExtension
    static final ModelServerExtension MODEL =
            new ModelServerExtension(ScriptedModelServer.builder().models("fast"));

    private static int firstPort;
    private static OpenAiCompatibleChatModel firstClient;

    @Test
    @Order(1)
    void a_test_gets_a_running_server_as_a_parameter(ScriptedModelServer server) throws Exception {
        firstPort = server.port();
        server.enqueue(Reply.text("from the extension"), Reply.text("left over"));

        assertThat(contentOf(new OpenAiCalls(MODEL.baseUrl()).post(ask("fast", "hi"))))
                .isEqualTo("from the extension");
        assertThat(server).isSameAs(MODEL.server());
    }

    @Test
    @Order(2)
    void the_next_test_shares_the_server_but_not_its_script_or_recordings(ScriptedModelServer server) throws Exception {
        assertThat(server.port()).isEqualTo(firstPort);
        assertThat(server.requests()).isEmpty();

        assertThat(contentOf(new OpenAiCalls(server.baseUrl()).post(ask("fast", "hi"))))
                .isEqualTo("You said: hi");
    }

    @Test
    @Order(3)
    void a_client_it_hands_out_talks_to_the_server(ScriptedModelServer server) {
        firstClient = MODEL.client(config -> config.defaultModel("fast"));

        assertThat(firstClient.chat(hi()).message().content()).isEqualTo("You said: hi");
        assertThat(server.requests()).extracting(ModelRequest::model).containsExactly("fast");
    }

    @Test
    @Order(4)
    void the_client_is_closed_after_the_test_it_was_made_for() {
        assertThatThrownBy(() -> firstClient.chat(hi())).isInstanceOf(ModelException.class);
        assertThat(MODEL.client().chat(hi()).model()).isEqualTo(ScriptedModelServer.DEFAULT_MODEL);
    }

    private static ChatRequest hi() {
        return ChatRequest.builder().addMessage(Message.user("hi")).build();
    }
}
