package dev.lucy.tools;

import dev.lucy.tools.contract.ScheduleStoreContract;

/** The in-memory default against the schedule store contract. */
class InMemoryScheduleStoreTest extends ScheduleStoreContract {
    @Override
    protected ScheduleStore openStore() {
        return ScheduleStore.inMemory();
    }
}
