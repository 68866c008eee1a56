/** Lucy's JDBC plumbing: data sources for SQLite and PostgreSQL, dialect differences, schema migrations. */
module dev.lucy.store {
    requires transitive dev.lucy.core;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.xerial.sqlitejdbc;
    requires flyway.core;

    exports dev.lucy.store;
}
