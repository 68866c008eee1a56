package dev.lucy.memory.spi;

import dev.lucy.memory.contract.MemoryAuditContract;

class InMemoryMemoryAuditTest extends MemoryAuditContract {
    @Override
    protected MemoryAudit openAudit() {
        return MemoryAudit.inMemory();
    }
}
