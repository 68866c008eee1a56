package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartTest {

    @Test
    void the_default_model_on_a_server_other_than_openrouter_gets_a_warning_naming_lucy_model() {
        assertThat(Start.modelWarning(ConfigLoader.load(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"))))
                .get()
                .asString()
                .startsWith("LUCY_MODEL is not set, so Lucy asks http://127.0.0.1:11434/v1 for openai/gpt-4o-mini");
    }

    @Test
    void a_named_model_openrouter_and_openai_need_no_warning() {
        assertThat(Start.modelWarning(ConfigLoader.load(
                        Map.of("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1", "LUCY_MODEL", "llama3.2"))))
                .isEmpty();
        assertThat(Start.modelWarning(ConfigLoader.load(Map.of("OPENROUTER_API_KEY", "sk-or-v1-abc"))))
                .isEmpty();
        assertThat(Start.modelWarning(ConfigLoader.load(Map.of("OPENAI_API_KEY", "sk-proj-abc"))))
                .isEmpty();
    }
}
