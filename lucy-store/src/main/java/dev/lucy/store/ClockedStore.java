package dev.lucy.store;

import java.time.Clock;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * What the stores dating their rows share: the database they were opened on (its tables brought up to date for their
 * component) and the clock that tells them the time.
 */
abstract class ClockedStore {
    final Database database;
    final Clock clock;

    ClockedStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Brings {@code component}'s tables on {@code database} up to date and opens {@code store} on them. */
    static <S extends ClockedStore> S open(
            Database database, String component, Clock clock, BiFunction<Database, Clock, S> store) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(clock, "clock");
        return database.open(component, db -> store.apply(db, clock));
    }
}
