package dev.lucy.tools;

import dev.lucy.tools.contract.ApprovalPreferencesContract;
import dev.lucy.tools.spi.ApprovalPreferences;

/** The in-memory default against the preferences contract. */
class InMemoryApprovalPreferencesTest extends ApprovalPreferencesContract {
    @Override
    protected ApprovalPreferences openPreferences() {
        return ApprovalPreferences.inMemory();
    }
}
