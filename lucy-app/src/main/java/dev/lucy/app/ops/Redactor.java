package dev.lucy.app.ops;

import dev.lucy.app.config.Secret;
import dev.lucy.core.Secrets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Masks credentials in text bound for a log: whatever lucy-core's {@link Secrets} finds (Slack tokens, API keys,
 * {@code Bearer …} credentials, private keys, passwords in connection strings and assignments, ...), and the exact
 * values of configured secrets. The recognisable prefix stays ({@code xoxb-[redacted]}), so a line still says which
 * kind of credential was there. Immutable and thread safe.
 */
public final class Redactor {
    public static final String MASK = "[redacted]";

    private static final Secrets SECRETS = Secrets.defaults();

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
        String out = SECRETS.redact(text, credential -> MASK);
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}
