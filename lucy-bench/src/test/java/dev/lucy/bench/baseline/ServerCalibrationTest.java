package dev.lucy.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.model.ModelServerExtension;
import dev.lucy.testkit.model.ScriptedModelServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The calibration client measures the bare server with the same task both agents do. */
class ServerCalibrationTest {
    private static final int CONVERSATIONS = 4;

    @RegisterExtension
    final ModelServerExtension model = new ModelServerExtension();

    @Test
    void the_calibration_client_gets_the_same_three_answers_from_the_server(ScriptedModelServer server)
            throws Exception {
        ToolTask task = new ToolTask(0, 1);
        server.script(task.script());

        ServerCalibration.Result result =
                new ServerCalibration(server.baseUrl(), ScriptedModelServer.DEFAULT_MODEL).run(CONVERSATIONS);

        assertThat(result.requests()).isEqualTo(CONVERSATIONS * ToolTask.MODEL_TURNS);
        assertThat(result.failed()).isZero();
        assertThat(task.replies()).isEqualTo(CONVERSATIONS * ToolTask.MODEL_TURNS);
        assertThat(server.lastRequest().orElseThrow().toolResults()).hasSize(2);
    }
}
