package dev.lucy.tools.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.spi.ApprovalPreferences;
import dev.lucy.tools.spi.ApprovalPreferences.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ApprovalPreferences} must do. Extend it and open fresh, empty preferences. */
public abstract class ApprovalPreferencesContract {
    protected ApprovalPreferences preferences;

    protected abstract ApprovalPreferences openPreferences();

    protected void closeAll() {}

    @BeforeEach
    void open() {
        preferences = openPreferences();
    }

    @AfterEach
    void close() {
        closeAll();
    }

    @Test
    void nothing_is_always_allowed_until_someone_chooses_it() {
        assertThat(preferences.alwaysAllowed("T1", "delete_task")).isFalse();
    }

    @Test
    void always_allow_holds_for_that_tool_in_that_workspace_only() {
        preferences.allowAlways("T1", "delete_task");

        assertThat(preferences.alwaysAllowed("T1", "delete_task")).isTrue();
        assertThat(preferences.alwaysAllowed("T2", "delete_task")).isFalse();
        assertThat(preferences.alwaysAllowed("T1", "drop_table")).isFalse();
    }

    @Test
    void choosing_always_allow_twice_is_harmless() {
        preferences.allowAlways("T1", "delete_task");
        preferences.allowAlways("T1", "delete_task");

        assertThat(preferences.alwaysAllowed("T1", "delete_task")).isTrue();
    }

    @Test
    void a_persons_choice_holds_for_their_own_calls_only() {
        preferences.allowAlways(Scope.person("T1", "U1"), "delete_task");

        assertThat(preferences.alwaysAllowed(Scope.person("T1", "U1"), "delete_task"))
                .isTrue();
        assertThat(preferences.alwaysAllowed(Scope.person("T1", "U2"), "delete_task"))
                .isFalse();
        assertThat(preferences.alwaysAllowed("T1", "delete_task")).isFalse();
        assertThat(preferences.alwaysAllowed(Scope.person("T2", "U1"), "delete_task"))
                .isFalse();
        assertThat(preferences.alwaysAllowed(Scope.person("T1", "U1"), "drop_table"))
                .isFalse();
    }

    @Test
    void a_workspace_choice_is_not_stored_as_anyones_own() {
        preferences.allowAlways("T1", "delete_task");
        preferences.allowAlways(Scope.person("T1", "U1"), "delete_task");
        preferences.allowAlways(Scope.person("T1", "U1"), "delete_task");

        assertThat(preferences.alwaysAllowed(Scope.person("T1", "U2"), "delete_task"))
                .isFalse();
        assertThat(preferences.alwaysAllowed(Scope.workspace("T1"), "delete_task"))
                .isTrue();
    }
}
