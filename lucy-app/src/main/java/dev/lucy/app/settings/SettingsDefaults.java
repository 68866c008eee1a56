package dev.lucy.app.settings;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What holds where no workspace or channel chose otherwise with {@code /lucy config}, from the operator's
 * configuration ({@code LUCY_JOIN_THREADS}, {@code LUCY_QUIET_HOURS}). Immutable.
 *
 * @param joinThreads whether replies in a thread Lucy takes part in reach it without a mention
 * @param quietHours when Lucy posts nothing on its own; empty: never quiet
 */
public record SettingsDefaults(boolean joinThreads, Optional<QuietHours> quietHours) {
    public SettingsDefaults {
        Objects.requireNonNull(quietHours, "quietHours");
    }

    /** Lucy joins threads and is never quiet. */
    public static SettingsDefaults defaults() {
        return new SettingsDefaults(true, Optional.empty());
    }

    /** The defaults as stored settings, by key word. */
    Map<String, String> asStored() {
        Map<String, String> stored = new HashMap<>();
        stored.put(SettingKey.JOIN_THREADS.word(), joinThreads ? "on" : "off");
        quietHours.ifPresent(q -> stored.put(SettingKey.QUIET.word(), q.toString()));
        return Map.copyOf(stored);
    }
}
