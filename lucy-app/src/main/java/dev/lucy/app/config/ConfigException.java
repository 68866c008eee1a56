package dev.lucy.app.config;

import dev.lucy.core.LucyException;

/**
 * A setting is missing or invalid. The message is one line naming the setting and what is wrong, fit to print to
 * an operator as it is; it never contains a secret's value. Not retriable: the configuration must change.
 */
public final class ConfigException extends LucyException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    public ConfigException(String setting, String problem) {
        super(setting + ": " + problem, false);
        this.setting = setting;
    }

    /** The name of the setting at fault, as an environment variable (for example {@code LUCY_HTTP_PORT}). */
    public String setting() {
        return setting;
    }
}
