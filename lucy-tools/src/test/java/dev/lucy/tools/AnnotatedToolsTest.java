package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnotatedToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller CALLER = new Caller("T1", "U1", "C1:1");

    enum Priority {
        LOW,
        HIGH
    }

    record Due(
            @Param("ISO date, e.g. 2026-03-01") String date,
            @Param(value = "hour", required = false) Integer hour) {}

    static final class Tasks {
        Caller seen;

        @ToolMethod(
                description = "Create a task in a project",
                tags = {"todo"},
                sideEffect = SideEffect.WRITE,
                timeout = "PT3S")
        public Object createTask(
                Caller caller,
                @Param("Project name") String project,
                @Param("What to do") String title,
                @Param("How urgent") Priority priority,
                @Param(value = "When it is due", required = false) Optional<Due> due,
                @Param(value = "Labels", required = false) List<String> labels) {
            seen = caller;
            return java.util.Map.of(
                    "project",
                    project,
                    "title",
                    title,
                    "priority",
                    priority.name(),
                    "due",
                    due.map(Due::date).orElse("none"),
                    "labels",
                    labels == null ? List.of() : labels);
        }

        @ToolMethod(name = "wipe", description = "Delete everything", sideEffect = SideEffect.DESTRUCTIVE)
        public void wipeAll() {}
    }

    @Test
    void generates_an_object_schema_from_parameter_types_with_descriptions_and_required_fields() throws Exception {
        Tool tool = tool("create_task");
        JsonNode schema = tool.schema();

        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("properties").has("caller")).isFalse();
        assertThat(schema.at("/properties/project/type").asText()).isEqualTo("string");
        assertThat(schema.at("/properties/project/description").asText()).isEqualTo("Project name");
        assertThat(schema.at("/properties/priority/enum").toString()).isEqualTo("[\"LOW\",\"HIGH\"]");
        assertThat(schema.at("/properties/labels/type").asText()).isEqualTo("array");
        assertThat(schema.at("/properties/due/properties/date/description").asText())
                .isEqualTo("ISO date, e.g. 2026-03-01");
        assertThat(schema.at("/properties/due/required").toString()).isEqualTo("[\"date\"]");
        assertThat(schema.path("required").toString()).isEqualTo("[\"project\",\"title\",\"priority\"]");
        assertThat(JSON.readTree(tool.spec().parametersSchema())).isEqualTo(schema);
    }

    @Test
    void carries_the_annotation_metadata_into_the_tool() {
        Tool tool = tool("create_task");
        assertThat(tool.sideEffect()).isEqualTo(SideEffect.WRITE);
        assertThat(tool.idempotent()).isFalse();
        assertThat(tool.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(tool.tags()).containsExactly("todo");
        assertThat(tool.provider()).isEqualTo(Tool.BUILT_IN_PROVIDER);
        assertThat(tool("wipe").sideEffect()).isEqualTo(SideEffect.DESTRUCTIVE);
    }

    @Test
    void binds_json_arguments_to_java_parameters_and_injects_the_caller() throws Exception {
        Tasks tasks = new Tasks();
        Tool tool = AnnotatedTools.from(tasks).stream()
                .filter(t -> t.name().equals("create_task"))
                .findFirst()
                .orElseThrow();
        JsonNode args = JSON.readTree(
                "{\"project\":\"Lucy\",\"title\":\"ship\",\"priority\":\"HIGH\",\"due\":{\"date\":\"2026-03-01\"}}");

        ToolResult result = tool.handler().handle(CALLER, args);

        assertThat(result).isInstanceOf(ToolResult.Success.class);
        JsonNode answer = JSON.readTree(result.content());
        assertThat(answer.path("priority").asText()).isEqualTo("HIGH");
        assertThat(answer.path("due").asText()).isEqualTo("2026-03-01");
        assertThat(tasks.seen).isEqualTo(CALLER);
    }

    @Test
    void answers_ok_for_a_void_method() {
        assertThat(tool("wipe")
                        .handler()
                        .handle(CALLER, JSON.createObjectNode())
                        .content())
                .isEqualTo("{\"ok\":true}");
    }

    @Test
    void validator_words_schema_violations_so_the_model_can_fix_them() throws Exception {
        Tool tool = tool("create_task");
        ArgumentValidator validator = new ArgumentValidator();

        List<String> problems =
                validator.problems(tool, JSON.readTree("{\"project\":\"Lucy\",\"priority\":\"URGENT\",\"extra\":1}"));

        assertThat(String.join("\n", problems))
                .contains("title")
                .contains("priority")
                .contains("extra");
        assertThat(validator.problems(
                        tool, JSON.readTree("{\"project\":\"Lucy\",\"title\":\"x\",\"priority\":\"LOW\"}")))
                .isEmpty();
    }

    @Test
    void refuses_an_object_without_tool_methods() {
        assertThatThrownBy(() -> AnnotatedTools.from(new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@ToolMethod");
    }

    private static Tool tool(String name) {
        return AnnotatedTools.from(new Tasks()).stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
