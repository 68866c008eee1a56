package dev.lucy.tools;

/**
 * How the normalisation stage shapes answers: JSON is compacted, anything longer than {@code maxChars} is cut
 * with a marker saying how much was left out.
 *
 * @param maxChars the longest answer the model is shown
 */
public record ResultLimits(int maxChars) {
    public static final int DEFAULT_MAX_CHARS = 16_000;

    public ResultLimits {
        if (maxChars < 200) {
            throw new IllegalArgumentException("maxChars must be at least 200: " + maxChars);
        }
    }

    public static ResultLimits defaults() {
        return new ResultLimits(DEFAULT_MAX_CHARS);
    }
}
