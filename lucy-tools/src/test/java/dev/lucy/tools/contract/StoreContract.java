package dev.lucy.tools.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tool store contracts share: each test gets a fresh, empty {@link #store} from {@link #openStore()}, and
 * {@link #closeAll()} releases what it opened afterwards.
 *
 * @param <S> the store's SPI
 */
public abstract class StoreContract<S> {
    protected S store;

    protected abstract S openStore();

    protected void closeAll() {}

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        closeAll();
    }

    /**
     * Runs {@code call} from {@code callers} threads released together, and counts the calls that got something: of
     * calls racing for one thing, exactly one should.
     */
    protected static int winners(int callers, Callable<? extends Optional<?>> call)
            throws InterruptedException, ExecutionException {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<? extends Optional<?>>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<? extends Optional<?>> f : calls) {
                winners += f.get().isPresent() ? 1 : 0;
            }
            return winners;
        }
    }
}
