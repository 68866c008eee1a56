/**
 * Lucy's JDBC plumbing (data sources for SQLite and PostgreSQL, dialect differences, schema migrations) and every
 * durable store: the runtime's dedup, tasks and rate budgets, memory's facts, the tools' approvals and built-in data.
 */
module dev.lucy.store {
    requires transitive dev.lucy.core;
    requires transitive dev.lucy.memory;
    requires transitive dev.lucy.tools;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.xerial.sqlitejdbc;
    requires flyway.core;
    // lucy-tools reads schedule timing with cron-utils, an optional dependency of its own.
    requires com.cronutils;
    requires org.apache.lucene.core;

    exports dev.lucy.store;
}
