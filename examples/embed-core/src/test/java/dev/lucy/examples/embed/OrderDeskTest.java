package dev.lucy.examples.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.testkit.model.Fault;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded agent against the testkit's scripted OpenAI-compatible server, over real HTTP. */
class OrderDeskTest {

    @Test
    void answers_from_its_own_tool() {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                OrderDesk desk = new OrderDesk(config(server), Map.of("A-17", "shipped on Monday"))) {
            server.enqueue(
                    Reply.toolCall("lookup_order", "{\"order\":\"A-17\"}"),
                    Reply.text("Order A-17 shipped on Monday."));

            String answer = desk.ask("U1", "Where is order A-17?");

            assertEquals("Order A-17 shipped on Monday.", answer);
            ModelRequest second = server.requests().get(1);
            assertEquals("shipped on Monday", second.toolResults().getFirst().content());
            assertTrue(server.requests().getFirst().offersTool("lookup_order"));
        }
    }

    @Test
    void a_failing_model_gets_a_friendly_sentence_not_a_stack_trace() {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                OrderDesk desk = new OrderDesk(config(server), Map.of())) {
            server.enqueue(Fault.unauthorized());

            assertEquals(
                    "Sorry, I could not answer right now. Please try again in a minute.",
                    desk.ask("U1", "Where is order A-17?"));
        }
    }

    private static ModelClientConfig config(ScriptedModelServer server) {
        return ModelClientConfig.builder().baseUrl(server.baseUrl()).noApiKey().build();
    }
}
