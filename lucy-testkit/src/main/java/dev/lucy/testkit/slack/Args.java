package dev.lucy.testkit.slack;

import java.util.Map;
import java.util.Optional;

/** The arguments of one Web API call, form fields and JSON members alike, as strings. */
record Args(Map<String, String> values) {
    Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    String getOrEmpty(String name) {
        return get(name).orElse("");
    }
}
