package dev.lucy.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.model.ModelTier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierRulesTest {
    private final TierRules rules = TierRules.defaults();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // code
                "build me a python script for compound interest | FRONTIER",
                "write a sql query that counts signups per week | FRONTIER",
                "can you fix the failing unit tests in the billing module | FRONTIER",
                "why does this stack trace come from the payment worker? | FRONTIER",
                "make a regex for uk postcodes | FRONTIER",
                // research
                "research the top 5 competitors in expense software | FRONTIER",
                "compare hubspot and salesforce for a 20 person team | FRONTIER",
                "what are the trade-offs of moving to kubernetes | FRONTIER",
                // destructive, and several steps at once
                "delete that email and cancel the meeting | FRONTIER",
                "cancel my 3pm | FRONTIER",
                "refund their last invoice | FRONTIER",
                "remove jake from the #eng-leads channel | FRONTIER",
                "find the globex contract and then send it to dana | DEFAULT",
                "summarise the thread and email it to the team | DEFAULT",
                // plain questions and chat
                "what's the wifi password? | FAST",
                "when is the offsite? | FAST",
                "who owns the billing service | FAST",
                "can you tell me what our refund policy says about annual plans that were paid by invoice | DEFAULT",
            })
    void a_message_gets_the_tier_its_intent_needs(String message, ModelTier tier) {
        assertThat(rules.decide(message, 1).tier()).isEqualTo(tier);
    }

    @Test
    void names_the_intent_that_decided() {
        assertThat(rules.decide("build me a python script for compound interest", 1)
                        .intent())
                .hasValue("code");
        assertThat(rules.decide("delete that email and cancel the meeting", 1).intent())
                .hasValue("destructive");
        assertThat(rules.decide("what's the wifi password?", 1).intent()).isEmpty();
    }

    @Test
    void a_long_thread_moves_a_plain_question_up() {
        assertThat(rules.decide("when is the offsite?", 25).tier()).isEqualTo(ModelTier.FRONTIER);
        assertThat(rules.decide("when is the offsite?", 6).tier()).isEqualTo(ModelTier.DEFAULT);
    }

    @Test
    void rules_that_do_not_parse_name_their_line() {
        assertThatThrownBy(() -> TierRules.parse("# x\nfast sometimes 3\ndefault otherwise"))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> TierRules.parse("fast longer 3")).hasMessageContaining("otherwise");
    }
}
