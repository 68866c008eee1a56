package dev.lucy.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.spi.ContextContributor;
import dev.lucy.memory.spi.MemoryStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The usage snippet of lucy-memory/README.md, kept compiling and true. */
class ReadmeSnippetTest {
    @Test
    void the_readme_snippet_recalls_the_target_for_another_user_in_another_thread() {
        SessionMemory memory = SessionMemory.builder(MemoryStore.inMemory()).build();

        Caller ana = new Caller("T123", "U_ANA", "C1:1700000000.1");
        Remembered stored = memory.remember(ana, "Remember our Q1 target is $800K");
        Remembered question = memory.remember(ana, "What's our revenue target?");

        ContextContributor recall = memory.contextContributor();
        List<ContextContributor.ContextBlock> blocks =
                recall.contribute(new Caller("T123", "U_BEN", "C2:1"), "What's our revenue target?", 500);

        assertThat(stored).isInstanceOf(Remembered.Stored.class);
        assertThat(question).isInstanceOf(Remembered.NotStored.class);
        assertThat(blocks)
                .singleElement()
                .satisfies(b -> assertThat(b.content()).contains("Our Q1 target is $800K."));
    }
}
