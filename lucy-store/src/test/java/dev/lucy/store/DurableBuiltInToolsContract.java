package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.BuiltInTools;
import dev.lucy.tools.contract.BuiltInToolsContract;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the built-in tools add with a database: the data outlives the process, and ids keep counting on. */
abstract class DurableBuiltInToolsContract extends BuiltInToolsContract {
    /** Tools on the same database through another connection pool, as after a restart. */
    @Override
    protected abstract BuiltInTools another(Clock clock);

    /** Stops everything opened so far, as if its process ended. */
    @Override
    protected abstract void closeAll();

    @Test
    void projects_tasks_and_ideas_survive_a_restart() {
        call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"Write the announcement\"}");
        call(ALICE, "create_task", "{\"project\":\"Launch\",\"title\":\"Book the room\"}");
        call(ALICE, "toggle_task", "{\"id\":1}");
        call(ALICE, "add_idea", "{\"text\":\"Dark mode for the dashboard\"}");
        closeAll();

        BuiltInTools restarted = another(clock);

        assertThat(restarted.getProjects(ALICE))
                .containsExactly(launch(
                        new BuiltInTools.Task(1, "Launch", "Write the announcement", true),
                        new BuiltInTools.Task(2, "Launch", "Book the room", false)));
        assertThat(restarted.getIdeas(ALICE, Optional.empty()))
                .containsExactly(new BuiltInTools.Idea(1, "Dark mode for the dashboard", "U-alice"));
        assertThat(restarted.createTask(ALICE, "Launch", "Send invites").id()).isEqualTo(3);
        assertThat(restarted.addIdea(ALICE, "Stickers").id()).isEqualTo(2);
    }
}
