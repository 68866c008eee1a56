package dev.lucy.tools;

import dev.lucy.tools.contract.BuiltInToolsContract;
import java.time.Clock;

/** The built-in tools with their data in memory. */
class InMemoryBuiltInToolsTest extends BuiltInToolsContract {
    @Override
    protected BuiltInTools openTools(Clock clock) {
        return BuiltInTools.create(clock);
    }
}
