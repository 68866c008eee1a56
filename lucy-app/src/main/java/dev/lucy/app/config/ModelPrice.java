package dev.lucy.app.config;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * What one model costs, in US dollars per million tokens, input (prompt) and output (completion) apart, as model
 * providers publish their prices: {@code LUCY_MODEL_PRICES=openai/gpt-4o-mini=0.15/0.60}. The web console multiplies
 * the tokens traced runs used by it. Immutable.
 *
 * @param inputPerMillion dollars per million prompt tokens, zero or more
 * @param outputPerMillion dollars per million completion tokens, zero or more
 */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelPrice {
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
            throw new ConfigException(Keys.MODEL_PRICES, "has a negative price");
        }
    }

    /** {@code input} and {@code output} dollars per million tokens, written as decimals ({@code "0.15"}). */
    public static ModelPrice of(String input, String output) {
        return new ModelPrice(new BigDecimal(input), new BigDecimal(output));
    }

    /** The dollars {@code promptTokens} and {@code completionTokens} cost, unrounded. */
    public BigDecimal cost(long promptTokens, long completionTokens) {
        return inputPerMillion
                .multiply(BigDecimal.valueOf(promptTokens))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(completionTokens)))
                .divide(MILLION, MathContext.DECIMAL64);
    }
}
