package dev.lucy.testkit.it.core;

import dev.lucy.core.model.RateBudget;
import dev.lucy.testkit.contract.RateBudgetContract;
import java.time.Clock;

/** The default, in-memory rate budget against the contract every store must meet. */
class InMemoryRateBudgetContractTest extends RateBudgetContract {

    @Override
    protected RateBudget create(Clock clock) {
        return RateBudget.inMemory(clock);
    }
}
