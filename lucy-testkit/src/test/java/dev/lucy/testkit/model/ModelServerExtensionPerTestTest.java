package dev.lucy.testkit.model;

import static dev.lucy.testkit.model.OpenAiCalls.ask;
import static dev.lucy.testkit.model.ScriptedModelServerTest.contentOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

class ModelServerExtensionPerTestTest {
    private static final Set<Integer> PORTS = new HashSet<>();

    @RegisterExtension
    final ModelServerExtension model = new ModelServerExtension();

    @RepeatedTest(3)
    void each_test_gets_a_fresh_server_of_its_own(ScriptedModelServer server) throws Exception {
        assertThat(server).isSameAs(model.server());
        assertThat(server.requests()).isEmpty();
        server.enqueue(Reply.text("mine"));

        assertThat(contentOf(new OpenAiCalls(server.baseUrl()).post(ask("m", "hi"))))
                .isEqualTo("mine");
        PORTS.add(server.port());
    }

    @AfterAll
    static void every_test_had_its_own_port() {
        assertThat(PORTS).hasSize(3);
    }
}
