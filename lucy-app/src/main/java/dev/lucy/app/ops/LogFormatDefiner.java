package dev.lucy.app.ops;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Turns {@code LUCY_LOG_FORMAT} ({@code json}, {@code text} or {@code auto}) into the name of the appender
 * {@code logback.xml} uses: {@code JSON} or {@code TEXT}. {@code auto} (the default, and any unknown value) means
 * text on a terminal and JSON otherwise.
 */
public final class LogFormatDefiner extends PropertyDefinerBase {
    private String format = "auto";

    public void setFormat(String format) {
        this.format = format;
    }

    @Override
    public String getPropertyValue() {
        return switch (format == null ? "auto" : format.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> "JSON";
            case "text" -> "TEXT";
            default -> Terminal.attached() ? "TEXT" : "JSON";
        };
    }
}
