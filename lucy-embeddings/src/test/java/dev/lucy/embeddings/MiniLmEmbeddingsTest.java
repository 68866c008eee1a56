package dev.lucy.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lucy.core.Caller;
import dev.lucy.core.spi.Embeddings;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.memory.Fact;
import dev.lucy.memory.SemanticRecall;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.spi.FactVectors;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.tools.HybridConfig;
import dev.lucy.tools.HybridToolIndex;
import dev.lucy.tools.RetrievalConfig;
import dev.lucy.tools.RetrievalFilter;
import dev.lucy.tools.ScoredTool;
import dev.lucy.tools.Tool;
import dev.lucy.tools.ToolRegistry;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real model, loaded once for the class (about a second): meaning in vectors, recall and tool choice. */
class MiniLmEmbeddingsTest {
    private static Embeddings model;

    @BeforeAll
    static void load() {
        model = MiniLmEmbeddings.create();
    }

    @Test
    void a_question_is_closer_to_the_fact_that_answers_it_than_to_unrelated_facts() {
        List<float[]> v = model.embed(List.of(
                "where is our head office?",
                "HQ is in Berlin",
                "The launch date is May 2",
                "Jake prefers tea over coffee"));
        float answer = Embeddings.dot(v.get(0), v.get(1));
        assertThat(answer).isGreaterThan(Embeddings.dot(v.get(0), v.get(2)));
        assertThat(answer).isGreaterThan(Embeddings.dot(v.get(0), v.get(3)));
    }

    @Test
    void vectors_have_384_unit_length_components_and_blank_text_embeds_too() {
        for (float[] v : model.embed(List.of("Deploy the web app to staging", ""))) {
            assertThat(v).hasSize(MiniLmEmbeddings.DIMENSIONS);
            assertThat(Embeddings.dot(v, v)).isCloseTo(1f, within(1e-4f));
        }
        assertThat(model.dimensions()).isEqualTo(384);
    }

    @Test
    void the_same_text_gets_the_same_vector() {
        assertThat(model.embed("send the standup notes to #eng-leads"))
                .containsExactly(model.embed("send the standup notes to #eng-leads"));
    }

    @Test
    void recall_finds_the_head_office_when_asked_in_other_words() {
        MemoryAdminStore store = MemoryStore.inMemory();
        SessionMemory memory = SessionMemory.builder(store)
                .semanticRecall(SemanticRecall.builder(model, FactVectors.inMemory(store))
                        .build())
                .build();
        Caller ana = new Caller("T1", "U_ANA", "C1:1.1");
        Caller ben = new Caller("T1", "U_BEN", "C2:2.1");
        memory.remember(ana, "Our HQ is in Berlin");
        memory.remember(ana, "Our launch date is May 2");
        memory.remember(ana, "We use Linear for issue tracking");

        List<Fact> recalled = memory.recall(ben, "where is our head office?", 500);

        assertThat(recalled).isNotEmpty();
        assertThat(recalled.getFirst().text()).contains("Berlin");
        assertThat(memory.recall(ben, "what should I cook for dinner tonight?", 500))
                .isEmpty();
    }

    @Test
    void a_new_deployment_picks_the_tool_a_request_means() {
        ToolRegistry registry = new ToolRegistry();
        try (HybridToolIndex index =
                HybridToolIndex.following(registry, RetrievalConfig.defaults(), model, HybridConfig.defaults())) {
            registry.register(tool("get_forecast", "Current conditions and forecasts for a city"));
            registry.register(tool("send_email", "Sends an email to a contact"));
            registry.register(tool("create_event", "Creates an event in the user's calendar"));

            List<String> found =
                    index.search("will I need an umbrella in Lisbon tomorrow?", RetrievalFilter.all(), 1).stream()
                            .map(ScoredTool::name)
                            .toList();

            assertThat(found).containsExactly("get_forecast");
        }
    }

    private static Tool tool(String name, String description) {
        return Tool.builder(name)
                .description(description)
                .provider("test")
                .handler((caller, args) -> ToolResult.success("{}"))
                .build();
    }
}
