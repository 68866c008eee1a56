package dev.lucy.app.ops;

import ch.qos.logback.core.PropertyDefinerBase;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
            default -> onTerminal() ? "TEXT" : "JSON";
        };
    }

    /** Whether the process talks to a terminal; on Java 22+ {@code Console.isTerminal()} tells a redirect apart. */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (boolean) MethodHandles.publicLookup()
                    .findVirtual(java.io.Console.class, "isTerminal", MethodType.methodType(boolean.class))
                    .invoke(console);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return true; // Java 21: a console exists only on a terminal
        } catch (Throwable e) {
            return false;
        }
    }
}
