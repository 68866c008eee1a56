package dev.lucy.store;

import dev.lucy.core.runtime.ConversationLeases;
import dev.lucy.testkit.contract.ConversationLeasesContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteConversationLeasesTest extends ConversationLeasesContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.sqlite();

    @Override
    protected ConversationLeases openLeases() {
        return JdbcConversationLeases.open(databases.fresh(), clock);
    }

    @Override
    protected ConversationLeases openLeasesAgain() {
        return JdbcConversationLeases.open(databases.again(), clock);
    }

    @Override
    protected void closeLeases() {
        databases.closeAll();
    }
}
