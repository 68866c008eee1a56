package dev.lucy.testkit.it.core;

import dev.lucy.core.spi.RunTraces;
import dev.lucy.testkit.contract.RunTracesContract;

class InMemoryRunTracesTest extends RunTracesContract {
    @Override
    protected RunTraces openTraces() {
        return RunTraces.inMemory();
    }
}
