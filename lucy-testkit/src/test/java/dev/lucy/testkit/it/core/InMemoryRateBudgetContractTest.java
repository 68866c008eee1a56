package dev.lucy.testkit.it.core;

import dev.lucy.core.ManualClock;
import dev.lucy.core.model.RateBudget;

/** The default, in-memory rate budget against the contract every store must meet. */
class InMemoryRateBudgetContractTest extends RateBudgetContract {

    @Override
    protected RateBudget create(ManualClock clock) {
        return RateBudget.inMemory(clock);
    }
}
