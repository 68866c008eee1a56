package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.contract.ApprovalPreferencesContract;
import dev.lucy.tools.spi.ApprovalPreferences;
import org.junit.jupiter.api.Test;

/** What durable {@link ApprovalPreferences} add: a choice outlives the process and holds for every replica. */
abstract class DurableApprovalPreferencesContract extends ApprovalPreferencesContract {

    /** Another process on the same database. */
    protected abstract ApprovalPreferences restart();

    @Test
    void always_allow_outlives_a_restart_and_holds_for_other_replicas() {
        preferences.allowAlways("T1", "delete_task");

        assertThat(restart().alwaysAllowed("T1", "delete_task")).isTrue();
    }
}
