package dev.lucy.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.ModelPrice;
import dev.lucy.core.spi.ModelUsage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostsTest {
    private static final LocalDate MONDAY = LocalDate.parse("2026-03-02");
    private static final LocalDate SUNDAY = LocalDate.parse("2026-03-01");
    private static final Map<String, ModelPrice> PRICES =
            Map.of("model-a", ModelPrice.of("0.15", "0.60"), "model-c", ModelPrice.of("3", "15"));

    @Test
    void a_day_costs_each_models_input_and_output_tokens_at_its_price_per_million() {
        List<Costs.Day> days = Costs.of(
                List.of(
                        new ModelUsage(MONDAY, "T1", "model-a", 3, 2_000_000, 500_000),
                        new ModelUsage(MONDAY, "T1", "model-c", 1, 10_000, 1_000)),
                PRICES);

        assertThat(days).singleElement().satisfies(day -> {
            assertThat(day.tokens()).isEqualTo(2_511_000);
            // 2M in at 0.15 + 0.5M out at 0.60 = 0.60; 10k in at 3 + 1k out at 15 = 0.045
            assertThat(day.pricedCost()).isEqualByComparingTo("0.645");
            assertThat(day.unpriced()).isEmpty();
            assertThat(Costs.cost(day)).isEqualTo("$0.65");
            assertThat(Costs.models(day))
                    .isEqualTo("model-a: 2,500,000 tokens (2,000,000 in, 500,000 out) in 3 requests, $0.60;"
                            + " model-c: 11,000 tokens (10,000 in, 1,000 out) in 1 request, $0.05");
        });
    }

    @Test
    void a_model_without_a_price_shows_its_tokens_and_no_price_set_and_never_a_complete_cost() {
        List<Costs.Day> days = Costs.of(
                List.of(
                        new ModelUsage(MONDAY, "T1", "model-a", 1, 1_000, 100),
                        new ModelUsage(MONDAY, "T1", "model-b", 1, 4_000, 400),
                        new ModelUsage(SUNDAY, "T1", "model-b", 2, 8_000, 800)),
                PRICES);

        assertThat(days).extracting(Costs.Day::day).containsExactly(MONDAY, SUNDAY);
        assertThat(days.get(0).tokens()).isEqualTo(5_500);
        assertThat(Costs.cost(days.get(0))).isEqualTo("$0.0002, and no price set for model-b");
        assertThat(Costs.models(days.get(0))).contains("model-b: 4,400 tokens", "no price set");
        assertThat(Costs.cost(days.get(1))).isEqualTo("no price set");
    }

    @Test
    void days_of_different_workspaces_are_kept_apart_in_the_order_given() {
        List<Costs.Day> days = Costs.of(
                List.of(
                        new ModelUsage(MONDAY, "T1", "model-a", 1, 1_000, 0),
                        new ModelUsage(MONDAY, "T2", "model-a", 1, 2_000, 0),
                        new ModelUsage(SUNDAY, "T1", "model-a", 1, 3_000, 0)),
                PRICES);

        assertThat(days)
                .extracting(d -> d.day() + " " + d.workspaceId() + " " + d.tokens())
                .containsExactly("2026-03-02 T1 1000", "2026-03-02 T2 2000", "2026-03-01 T1 3000");
    }

    @Test
    void dollars_read_as_cents_or_four_decimals_below_a_cent() {
        assertThat(Costs.dollars(BigDecimal.ZERO)).isEqualTo("$0.00");
        assertThat(Costs.dollars(new BigDecimal("0.00042"))).isEqualTo("$0.0004");
        assertThat(Costs.dollars(new BigDecimal("12.345"))).isEqualTo("$12.35");
    }
}
