/**
 * Lucy's JDBC plumbing (data sources for SQLite and PostgreSQL, dialect differences, schema migrations) and every
 * durable store: the runtime's dedup, tasks and rate budgets, and memory's facts.
 */
module dev.lucy.store {
    requires transitive dev.lucy.core;
    requires transitive dev.lucy.memory;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.xerial.sqlitejdbc;
    requires flyway.core;

    exports dev.lucy.store;
}
