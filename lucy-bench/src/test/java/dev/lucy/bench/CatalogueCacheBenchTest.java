package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.tools.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogueCacheBenchTest {
    private final List<Tool> tools = SyntheticTools.generate(200, 42);
    private final List<String> providers =
            tools.stream().map(Tool::provider).distinct().sorted().toList();

    @Test
    void busier_days_hit_the_cache_more_and_every_lookup_is_counted() {
        CatalogueCacheBench.Result quiet =
                CatalogueCacheBench.simulate(new CatalogueCacheBench.Workload(50, 10, 2, 6, 200, 7), tools, providers);
        CatalogueCacheBench.Result busy = CatalogueCacheBench.simulate(
                new CatalogueCacheBench.Workload(50, 10, 2, 6, 20_000, 7), tools, providers);

        assertThat(quiet.lookups()).isBetween(150L, 250L);
        assertThat(quiet.hits() + quiet.loads()).isGreaterThanOrEqualTo(quiet.lookups());
        assertThat(busy.hitRatio()).isGreaterThan(quiet.hitRatio()).isGreaterThan(0.8);
    }

    @Test
    void connection_changes_cost_hits() {
        CatalogueCacheBench.Result calm =
                CatalogueCacheBench.simulate(new CatalogueCacheBench.Workload(20, 5, 2, 1, 5_000, 7), tools, providers);
        CatalogueCacheBench.Result churning = CatalogueCacheBench.simulate(
                new CatalogueCacheBench.Workload(20, 5, 2, 600, 5_000, 7), tools, providers);

        assertThat(churning.hitRatio()).isLessThan(calm.hitRatio());
    }

    @Test
    void a_longer_ttl_serves_more_lookups_from_the_cache() {
        CatalogueCacheBench.Result standard = CatalogueCacheBench.simulate(
                new CatalogueCacheBench.Workload(
                        50, 10, 2, 6, 2_000, 7, java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(1)),
                tools,
                providers);
        CatalogueCacheBench.Result longer = CatalogueCacheBench.simulate(
                new CatalogueCacheBench.Workload(
                        50, 10, 2, 6, 2_000, 7, java.time.Duration.ofHours(2), java.time.Duration.ofMinutes(10)),
                tools,
                providers);

        assertThat(longer.hitRatio()).isGreaterThan(standard.hitRatio());
    }

    @Test
    void prints_a_table_and_ends_with_one_json_line() throws Exception {
        List<String> lines = BenchRun.of(
                        new CatalogueCacheBench(), "--messages", "2000", "--workspaces", "20", "--tools", "100")
                .okLines();

        assertThat(lines.get(0)).contains("20 workspaces");
        JsonNode json = new ObjectMapper().readTree(lines.getLast());
        assertThat(json.path("runs").get(0).path("messages").asInt()).isEqualTo(2000);
        assertThat(json.path("runs").get(0).path("hitRatio").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void a_bad_option_is_a_usage_error() {
        assertThat(BenchRun.of(new CatalogueCacheBench(), "--messages", "zero").usageError())
                .contains("--messages must be a positive number");
    }
}
