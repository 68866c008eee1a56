package dev.lucy.app.ops;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** A text layout that passes the whole line, stack trace included, through the context's {@link Redactor}. */
public final class RedactingPatternLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        return LogSetup.redactorOf(getContext()).redact(super.doLayout(event));
    }
}
