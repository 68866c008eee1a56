package dev.lucy.memory;

import dev.lucy.core.Secrets;
import java.util.List;

/**
 * Facts as they may be shown: any credential in their subject or text masked ({@code [redacted API key]}). Memory
 * refuses to store credentials; this covers what was stored before it did, or by code that wrote to the store
 * directly, wherever facts leave memory (recall into a prompt, list, inspect, export, forget).
 */
final class Redacted {
    private static final Secrets SECRETS = Secrets.defaults();

    private Redacted() {}

    static Fact fact(Fact f) {
        String subject = SECRETS.redact(f.subject());
        String text = SECRETS.redact(f.text());
        if (subject == f.subject() && text == f.text()) {
            return f;
        }
        return new Fact(
                f.id(),
                f.workspaceId(),
                f.owner(),
                f.tier(),
                subject,
                text,
                text == f.text() ? f.dedupKey() : Normalizer.dedupKey(text),
                f.category(),
                f.target(),
                f.source(),
                f.validFrom(),
                f.validTo(),
                f.supersededBy(),
                f.occurrences(),
                f.lastSeenAt());
    }

    /** {@code text} with any credential masked. */
    static String text(String text) {
        return SECRETS.redact(text);
    }

    static List<Fact> facts(List<Fact> facts) {
        return facts.stream().map(Redacted::fact).toList();
    }
}
