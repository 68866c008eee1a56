package dev.lucy.app.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.core.LucyException;
import java.net.URL;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies the logging settings of a {@link LucyConfig} to logback: format ({@code LUCY_LOG_FORMAT}), level
 * ({@code LUCY_LOG_LEVEL}) and the configured secrets to redact. Logback starts from {@code logback.xml}, which
 * already reads both variables from the environment; this reapplies them once the properties file has been read
 * too, and registers the secrets.
 *
 * <p>The redactor lives in logback's own {@code LoggerContext} (under {@link #REDACTOR_KEY}), not in a static field.
 */
public final class LogSetup {
    /** Where the {@link Redactor} is kept in the logger context. */
    public static final String REDACTOR_KEY = "dev.lucy.app.ops.Redactor";

    private LogSetup() {}

    /**
     * Reconfigures the process's logback from {@code logback.xml} with the config's format, level and secrets. Does
     * nothing when SLF4J is bound to another backend (an embedder's choice).
     */
    public static void apply(LucyConfig config) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            apply(context, config);
        }
    }

    /** Reconfigures {@code context} from {@code logback.xml} with the config's format, level and secrets. */
    public static void apply(LoggerContext context, LucyConfig config) {
        Objects.requireNonNull(config, "config");
        URL xml = LogSetup.class.getResource("/logback.xml");
        if (xml == null) {
            throw LucyException.permanent("logback.xml is missing from lucy-app");
        }
        context.reset();
        context.putProperty("LUCY_LOG_FORMAT", config.logFormat().name().toLowerCase(Locale.ROOT));
        context.putProperty("LUCY_LOG_LEVEL", config.logLevel());
        context.putObject(REDACTOR_KEY, Redactor.of(config.secrets()));
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(xml);
        } catch (JoranException e) {
            throw LucyException.permanent(
                    "logback.xml could not be applied: " + e.getClass().getSimpleName());
        }
    }

    static Redactor redactorOf(ch.qos.logback.core.Context context) {
        return context != null && context.getObject(REDACTOR_KEY) instanceof Redactor r ? r : DEFAULT;
    }

    private static final Redactor DEFAULT = Redactor.patternsOnly();
}
