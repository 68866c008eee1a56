package dev.lucy.bench.baseline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two tools of {@link ToolTask}, shared by both sides so they do the same work: each waits the configured tool
 * latency (a blocking call, as a tool calling another service would) and returns a fixed result. Counts the calls.
 * Thread safe.
 */
public final class SimulatedTools {
    private final Duration latency;
    private final AtomicLong findOrderCalls = new AtomicLong();
    private final AtomicLong trackShipmentCalls = new AtomicLong();

    public SimulatedTools(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("the tool latency must not be negative");
        }
        this.latency = latency;
    }

    public String findOrder(String order) throws InterruptedException {
        findOrderCalls.incrementAndGet();
        work();
        return "17".equals(order) ? ToolTask.ORDER_RESULT : "no order " + order;
    }

    public String trackShipment(String order) throws InterruptedException {
        trackShipmentCalls.incrementAndGet();
        work();
        return "17".equals(order) ? ToolTask.SHIPMENT_RESULT : "no shipment for order " + order;
    }

    public long findOrderCalls() {
        return findOrderCalls.get();
    }

    public long trackShipmentCalls() {
        return trackShipmentCalls.get();
    }

    private void work() throws InterruptedException {
        if (latency.isPositive()) {
            Thread.sleep(latency); // the tool's own work, simulated
        }
    }
}
