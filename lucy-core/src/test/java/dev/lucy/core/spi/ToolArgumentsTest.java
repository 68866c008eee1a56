package dev.lucy.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolArgumentsTest {

    @Test
    void a_json_object_parses_into_a_tree() {
        assertThat(ToolArguments.parse("{\"city\":\"Lisbon\",\"days\":3}"))
                .isInstanceOfSatisfying(ToolArguments.Parsed.class, parsed -> {
                    assertThat(parsed.json().path("city").asText()).isEqualTo("Lisbon");
                    assertThat(parsed.json().path("days").asInt()).isEqualTo(3);
                });
    }

    @Test
    void blank_arguments_count_as_an_empty_object() {
        assertThat(ToolArguments.parse("  "))
                .isInstanceOfSatisfying(
                        ToolArguments.Parsed.class,
                        parsed -> assertThat(parsed.json().isEmpty()).isTrue());
    }

    @Test
    void broken_json_says_where_it_broke() {
        assertThat(ToolArguments.parse("{city: Lisbon}"))
                .isInstanceOfSatisfying(
                        ToolArguments.Malformed.class,
                        malformed -> assertThat(malformed.problem())
                                .startsWith("the arguments are not valid JSON: ")
                                .endsWith("(line 1, column 2)"));
    }

    @Test
    void json_that_is_not_an_object_is_named_by_its_type() {
        assertThat(ToolArguments.parse("[1, 2]"))
                .isEqualTo(new ToolArguments.Malformed("the arguments must be a JSON object, got array"));
        assertThat(ToolArguments.parse("\"Lisbon\""))
                .isEqualTo(new ToolArguments.Malformed("the arguments must be a JSON object, got string"));
    }
}
