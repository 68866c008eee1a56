package dev.lucy.tools.contract;

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
}
