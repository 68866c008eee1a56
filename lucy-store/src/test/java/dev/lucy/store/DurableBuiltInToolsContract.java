package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.BuiltInTools;
import dev.lucy.tools.contract.BuiltInToolsContract;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the built-in tools add with a database: the data outlives the process, and ids keep counting on. */
abstract class DurableBuiltInToolsContract extends BuiltInToolsContract {
    @RegisterExtension
    final OpenDatabases databases;

    DurableBuiltInToolsContract(OpenDatabases databases) {
        this.databases = databases;
    }

    @Override
    protected BuiltInTools openTools(Clock clock) {
        return BuiltInTools.create(JdbcBuiltInStore.open(databases.fresh()), clock);
    }

    @Override
    protected BuiltInTools another(Clock clock) {
        return BuiltInTools.create(JdbcBuiltInStore.open(databases.again()), clock);
    }

    @Override
    protected void closeAll() {
        databases.closeAll();
    }

    @Test
    void projects_tasks_and_ideas_survive_a_restart() {
        call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"Write the announcement\"}");
        call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"Book the room\"}");
        call(ALICE, "toggle_task", "{\"id\":1}");
        call(ALICE, "add_idea", "{\"text\":\"Dark mode for the dashboard\"}");
        databases.closeAll();

        BuiltInTools restarted = BuiltInTools.create(JdbcBuiltInStore.open(databases.again()), clock);

        assertThat(restarted.getProjects(ALICE))
                .containsExactly(new BuiltInTools.Project(
                        "Launch",
                        List.of(
                                new BuiltInTools.Task(1, "Launch", "Write the announcement", true),
                                new BuiltInTools.Task(2, "Launch", "Book the room", false))));
        assertThat(restarted.getIdeas(ALICE, Optional.empty()))
                .containsExactly(new BuiltInTools.Idea(1, "Dark mode for the dashboard", "U-alice"));
        assertThat(restarted.createTask(ALICE, "Launch", "Send invites").id()).isEqualTo(3);
        assertThat(restarted.addIdea(ALICE, "Stickers").id()).isEqualTo(2);
    }
}
