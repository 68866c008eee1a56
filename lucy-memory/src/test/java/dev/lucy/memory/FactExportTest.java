package dev.lucy.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactExportTest {
    private static final Caller ANA = new Caller("T1", "U_ANA", "C1:1000.1");
    private static final Caller BEN = new Caller("T1", "U_BEN", "C2:3000.1");

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T10:00:00Z"));
    private final MemoryAdminStore store = MemoryStore.inMemory();
    private final SessionMemory memory =
            SessionMemory.builder(store).clock(clock).build();
    private final MemoryAdmin admin = MemoryAdmin.of(store, clock);

    @Test
    void json_has_every_fact_of_the_workspace_with_its_tier_subject_source_and_what_replaced_it() throws Exception {
        memory.remember(ANA, "We use Jira for everything");
        clock.advance(Duration.ofDays(1));
        memory.remember(BEN, "We switched to Linear");
        memory.remember(new Caller("T2", "U_EVE", "C9:1.1"), "Our Q1 target is $800K");

        JsonNode export = new ObjectMapper().readTree(admin.exportJson("T1"));

        assertThat(export.path("workspace").asText()).isEqualTo("T1");
        assertThat(export.path("exportedAt").asText()).isEqualTo("2026-03-03T10:00:00Z");
        assertThat(export.path("facts")).hasSize(2);
        JsonNode linear = find(export, "Linear");
        JsonNode jira = find(export, "Jira");
        assertThat(linear.path("tier").asText()).isEqualTo("session");
        assertThat(linear.path("subject").asText())
                .isNotBlank()
                .isEqualTo(jira.path("subject").asText());
        assertThat(linear.path("statedBy").asText()).isEqualTo("U_BEN");
        assertThat(linear.path("conversation").asText()).isEqualTo("C2:3000.1");
        assertThat(linear.path("validTo").isNull()).as("still holds").isTrue();
        assertThat(jira.path("validTo").asText()).isEqualTo("2026-03-03T10:00:00Z");
        assertThat(jira.path("supersededBy").asText())
                .isEqualTo(linear.path("id").asText());
        assertThat(jira.path("occurrences").asInt()).isEqualTo(1);
        assertThat(admin.exportJson("T2")).contains("$800K").doesNotContain("Linear");
    }

    @Test
    void csv_has_a_header_and_one_quoted_line_per_fact_and_no_cell_reads_as_a_formula() {
        memory.remember(ANA, "Our Q1 target is $800K, not less");

        List<String> lines = admin.exportCsv("T1").lines().toList();

        assertThat(lines.get(0)).startsWith("id,tier,subject,text,category,target,owner,stated_by,conversation");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains(",session,", "\"Our Q1 target is $800K, not less.\"", ",U_ANA,C1:1000.1,");

        Fact formula = Fact.create(
                "f1",
                "T1",
                java.util.Optional.empty(),
                "wiki",
                "=HYPERLINK(\"http://example.com\")",
                Category.FACT,
                Target.TEAM,
                new Source("U_ANA", "C1:1000.1", clock.instant()));
        assertThat(FactExport.csv(List.of(formula)).lines().toList().get(1))
                .contains(",\"'=HYPERLINK(\"\"http://example.com\"\")\",")
                .doesNotContain(",=");
    }

    private static JsonNode find(JsonNode export, String word) {
        for (JsonNode fact : export.path("facts")) {
            if (fact.path("text").asText().contains(word)) {
                return fact;
            }
        }
        throw new AssertionError("no fact with " + word + " in " + export);
    }
}
