package dev.lucy.app.web;

import dev.lucy.app.config.ModelPrice;
import dev.lucy.core.spi.ModelUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Token use and cost per day and workspace, from the tokens traced runs used of each model and the configured prices
 * ({@code LUCY_MODEL_PRICES}). A model without a price adds its tokens but no cost, and is named as unpriced: the cost
 * of a day is never shown as complete when it is not.
 */
final class Costs {
    private Costs() {}

    /** What one model used on a day in a workspace, and its cost when it has a price. */
    record ModelLine(String model, long requests, long promptTokens, long completionTokens, Optional<BigDecimal> cost) {
        long tokens() {
            return promptTokens + completionTokens;
        }
    }

    /** One day of one workspace: its tokens, the cost of its priced models, and every model's own line. */
    record Day(LocalDate day, String workspaceId, List<ModelLine> models) {
        long tokens() {
            return models.stream().mapToLong(ModelLine::tokens).sum();
        }

        /** The cost of the models that have a price. */
        BigDecimal pricedCost() {
            return models.stream()
                    .map(ModelLine::cost)
                    .flatMap(Optional::stream)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /** The models without a price, by name. */
        List<String> unpriced() {
            return models.stream()
                    .filter(m -> m.cost().isEmpty())
                    .map(ModelLine::model)
                    .toList();
        }
    }

    /** {@code usage} (newest day first, then by workspace and model) priced by {@code prices}, in the same order. */
    static List<Day> of(List<ModelUsage> usage, Map<String, ModelPrice> prices) {
        Map<String, Day> days = new LinkedHashMap<>();
        for (ModelUsage u : usage) {
            Optional<BigDecimal> cost =
                    Optional.ofNullable(prices.get(u.model())).map(p -> p.cost(u.promptTokens(), u.completionTokens()));
            ModelLine line = new ModelLine(u.model(), u.requests(), u.promptTokens(), u.completionTokens(), cost);
            days.compute(u.day() + "\u0000" + u.workspaceId(), (key, day) -> {
                List<ModelLine> lines = new ArrayList<>(day == null ? List.of() : day.models());
                lines.add(line);
                return new Day(u.day(), u.workspaceId(), List.copyOf(lines));
            });
        }
        return List.copyOf(days.values());
    }

    /**
     * Dollars as people read them: cents, four decimals below a cent ({@code $0.0042}), and never a zero that is not
     * one ({@code less than $0.0001}).
     */
    static String dollars(BigDecimal amount) {
        if (amount.signum() == 0) {
            return "$0.00";
        }
        if (amount.abs().compareTo(new BigDecimal("0.0001")) < 0) {
            return "less than $0.0001";
        }
        int scale = amount.abs().compareTo(new BigDecimal("0.01")) < 0 ? 4 : 2;
        return "$" + amount.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    /** A day's cost in words: {@code $1.20}, {@code $1.20, and no price set for model-b}, or {@code no price set}. */
    static String cost(Day day) {
        List<String> unpriced = day.unpriced();
        if (unpriced.size() == day.models().size()) {
            return "no price set";
        }
        String priced = dollars(day.pricedCost());
        return unpriced.isEmpty() ? priced : priced + ", and no price set for " + String.join(", ", unpriced);
    }

    /** Each model's part of a day: {@code model-a: 1,050 tokens in 2 requests, $0.0002}. */
    static String models(Day day) {
        List<String> parts = new ArrayList<>();
        for (ModelLine m : day.models()) {
            parts.add(m.model() + ": " + String.format(Locale.ROOT, "%,d", m.tokens()) + " tokens ("
                    + String.format(Locale.ROOT, "%,d", m.promptTokens()) + " in, "
                    + String.format(Locale.ROOT, "%,d", m.completionTokens()) + " out) in " + m.requests()
                    + (m.requests() == 1 ? " request, " : " requests, ")
                    + m.cost().map(Costs::dollars).orElse("no price set"));
        }
        return String.join("; ", parts);
    }
}
