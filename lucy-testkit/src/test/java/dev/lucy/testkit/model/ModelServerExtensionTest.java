package dev.lucy.testkit.model;

import static dev.lucy.testkit.model.OpenAiCalls.ask;
import static dev.lucy.testkit.model.ScriptedModelServerTest.contentOf;
import static org.assertj.core.api.Assertions.assertThat;

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
}
