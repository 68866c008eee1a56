package dev.lucy.app.ops;

import dev.lucy.app.config.Secret;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in text bound for a log: Slack tokens ({@code xoxb-…}, {@code xoxp-…}, {@code xapp-…}), API keys
 * ({@code sk-…}, {@code sk-or-…}), {@code Bearer …} credentials, and the exact values of configured secrets. The
 * recognisable prefix stays, so a line still says which kind of credential was there. Immutable and thread safe.
 */
public final class Redactor {
    public static final String MASK = "[redacted]";

    private static final Pattern TOKENS = Pattern.compile(
            "\\b(xox[a-z]-|xapp-|sk-)[A-Za-z0-9_\\-]{6,}" + "|\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=\\-]{6,}");

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Masks the built-in credential patterns only. */
    public static Redactor patternsOnly() {
        return new Redactor(List.of());
    }

    /** Masks the built-in patterns and every value in {@code secrets} (values shorter than 4 characters aside). */
    public static Redactor of(List<Secret> secrets) {
        return new Redactor(secrets.stream()
                .map(Secret::reveal)
                .filter(s -> s.length() >= 4)
                .distinct()
                // longest first, so a secret containing another is masked whole
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList());
    }

    /** {@code text} with every credential masked; the same instance when there was nothing to mask. */
    public String redact(String text) {
        Objects.requireNonNull(text, "text");
        String out = maskPatterns(text);
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    private static String maskPatterns(String text) {
        Matcher m = TOKENS.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        do {
            String prefix = m.group(1) != null ? m.group(1) : m.group(2) + " ";
            m.appendReplacement(sb, Matcher.quoteReplacement(prefix + MASK));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
