package dev.lucy.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.Usage;
import dev.lucy.memory.Extraction.Reason;
import dev.lucy.memory.spi.FactExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelExtractorTest {

    /** A chat model that answers from a script and records what it was asked. */
    static final class ScriptedModel implements ChatModel {
        final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
        private final List<String> answers;

        ScriptedModel(String... answers) {
            this.answers = new ArrayList<>(List.of(answers));
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            requests.add(request);
            String answer = answers.size() > 1 ? answers.remove(0) : answers.get(0);
            return new ChatResponse("scripted", Message.assistant(answer), FinishReason.STOP, Usage.NONE);
        }
    }

    @Test
    void turns_the_models_json_into_facts() {
        ScriptedModel model = new ScriptedModel("""
                {"facts":[{"subject":"Q1 Target","statement":"Our Q1 target is $800K.","category":"fact",\
                "target":"company","personal":false}]}""");

        Extraction e = ModelExtractor.using(model).extract("Remember our Q1 target is $800K");

        assertThat(e)
                .isEqualTo(new Extraction.Found(List.of(new Candidate(
                        "q1 target", "Our Q1 target is $800K.", Category.FACT, Target.COMPANY, false, false))));
        ChatRequest asked = model.requests.get(0);
        assertThat(asked.messages().get(0)).isEqualTo(Message.system(ModelExtractor.ONE));
        assertThat(asked.messages().get(1)).isEqualTo(Message.user("Remember our Q1 target is $800K"));
        assertThat(asked.temperature()).hasValue(0.0);
    }

    @Test
    void reports_the_models_reason_when_it_finds_nothing() {
        Extraction e = ModelExtractor.using(new ScriptedModel("{\"facts\":[],\"reason\":\"a question\"}"))
                .extract("What's our target?");

        assertThat(e).isEqualTo(new Extraction.Rejected(Reason.NOT_DURABLE, "a question"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Sure! Here are the facts: {\"facts\":[]}",
                "```json\n{\"facts\":[]}\n```",
                "{\"facts\":[]} {\"facts\":[]}",
                "[]",
                "{\"facts\":{}}",
                "{\"facts\":[],\"extra\":1}",
                "{\"facts\":[{\"subject\":\"x\",\"statement\":\"y\",\"category\":\"opinion\",\"target\":\"company\"}]}",
                "{\"facts\":[{\"subject\":\"x\",\"statement\":\"y\",\"category\":\"fact\",\"target\":\"galaxy\"}]}",
                "{\"facts\":[{\"subject\":\"x\",\"statement\":\"\",\"category\":\"fact\",\"target\":\"team\"}]}",
                "{\"facts\":[{\"subject\":\"x\",\"statement\":\"y\",\"category\":\"fact\",\"target\":\"team\","
                        + "\"personal\":\"yes\"}]}",
                "{\"facts\":[{\"subject\":\"x\",\"statement\":\"y\",\"category\":\"fact\",\"target\":\"team\","
                        + "\"confidence\":0.9}]}",
                ""
            })
    void rejects_anything_but_the_exact_json_asked_for(String answer) {
        Extraction e = ModelExtractor.using(new ScriptedModel(answer)).extract("Our HQ is in Berlin");

        assertThat(e)
                .isInstanceOfSatisfying(
                        Extraction.Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.INVALID_MODEL_OUTPUT));
    }

    @Test
    void a_failing_model_is_a_rejection_not_an_exception() {
        ChatModel down = request -> {
            throw new ModelException("m", new ModelFailure.ConnectionFailed("refused"), "connection refused");
        };

        Extraction e = ModelExtractor.using(down).extract("Our HQ is in Berlin");

        assertThat(e).isInstanceOfSatisfying(Extraction.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(Reason.MODEL_FAILED);
            assertThat(r.detail()).doesNotContain("refused");
        });
    }

    @Test
    void as_a_second_pass_the_model_sees_only_messages_the_rules_found_nothing_durable_in() {
        ScriptedModel model = new ScriptedModel("""
                {"facts":[{"subject":"standup","statement":"Standup is at 9:30 every day.","category":"fact",\
                "target":"team","personal":false}]}""");
        FactExtractor both = FactExtractor.ruleBased().orElse(ModelExtractor.using(model));

        Extraction question = both.extract("What's our revenue target?");
        Extraction byRule = both.extract("Our Q1 target is $800K");
        Extraction byModel = both.extract("the office dog is called Biscuit");

        assertThat(question)
                .isInstanceOfSatisfying(
                        Extraction.Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.QUESTION));
        assertThat(byRule).isInstanceOf(Extraction.Found.class);
        assertThat(byModel)
                .isInstanceOfSatisfying(
                        Extraction.Found.class,
                        f -> assertThat(f.facts())
                                .extracting(Candidate::subject)
                                .containsExactly("standup"));
        assertThat(model.requests).hasSize(1);
    }

    @Test
    void asks_about_a_batch_in_one_call_and_answers_each_message_in_order() {
        ScriptedModel model = new ScriptedModel("""
                {"results":[{"id":2,"facts":[],"reason":"small talk"},{"id":1,"facts":[{"subject":"Date: Launch",\
                "statement":"The launch is on June 10.","category":"project","target":"company","personal":false,\
                "valid_from":null,"valid_to":"2026-06-10"}]}]}""");

        ModelExtractor.Batch batch = ModelExtractor.using(model).extractAll(List.of("launch is june 10 now", "lol ok"));

        assertThat(batch.extractions())
                .containsExactly(
                        new Extraction.Found(List.of(new Candidate(
                                "date: launch",
                                "The launch is on June 10.",
                                Category.PROJECT,
                                Target.COMPANY,
                                false,
                                false,
                                java.util.Optional.empty(),
                                java.util.Optional.of(java.time.LocalDate.parse("2026-06-10"))))),
                        new Extraction.Rejected(Reason.NOT_DURABLE, "small talk"));
        assertThat(model.requests).hasSize(1);
        assertThat(model.requests.get(0).messages().get(1).toString()).contains("launch is june 10 now", "lol ok");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"results\":[{\"id\":1,\"facts\":[]}]}",
                "{\"results\":[{\"id\":1,\"facts\":[]},{\"id\":1,\"facts\":[]}]}",
                "{\"results\":[{\"id\":1,\"facts\":[]},{\"id\":3,\"facts\":[]}]}",
                "{\"facts\":[]}"
            })
    void a_batch_answer_that_misses_or_repeats_a_message_rejects_the_whole_batch(String answer) {
        ModelExtractor.Batch batch =
                ModelExtractor.using(new ScriptedModel(answer)).extractAll(List.of("a", "b"));

        assertThat(batch.extractions())
                .hasSize(2)
                .allSatisfy(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                Extraction.Rejected.class,
                                r -> assertThat(r.reason()).isEqualTo(Reason.INVALID_MODEL_OUTPUT)));
    }

    @Test
    void a_date_that_is_not_a_day_is_invalid() {
        Extraction e = ModelExtractor.using(new ScriptedModel("""
                        {"facts":[{"subject":"x","statement":"y","category":"fact","target":"team",\
                        "personal":false,"valid_to":"next friday"}]}""")).extract("x");

        assertThat(e)
                .isInstanceOfSatisfying(
                        Extraction.Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.INVALID_MODEL_OUTPUT));
    }
}
