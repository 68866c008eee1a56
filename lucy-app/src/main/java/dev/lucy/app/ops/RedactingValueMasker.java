package dev.lucy.app.ops;

import ch.qos.logback.core.spi.ContextAwareBase;
import com.fasterxml.jackson.core.JsonStreamContext;
import net.logstash.logback.mask.ValueMasker;

/**
 * Redacts every string value of a JSON log line (message, stack trace, arguments, MDC) with the context's
 * {@link Redactor}. Named in {@code logback.xml}.
 */
public final class RedactingValueMasker extends ContextAwareBase implements ValueMasker {
    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (value instanceof CharSequence text) {
            String original = text.toString();
            String redacted = LogSetup.redactorOf(getContext()).redact(original);
            return redacted.equals(original) ? null : redacted;
        }
        return null;
    }
}
