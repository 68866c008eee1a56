package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalBenchTest {
    @Test
    void scores_a_beir_directory_and_ends_with_one_json_line(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("corpus.jsonl"), """
                {"_id":"WeatherTool","title":"WeatherTool","text":"Weather forecast, rain and temperature for a city"}
                {"_id":"PDF&URLTool","title":"PDF&URLTool","text":"Read and summarize PDF documents and web pages"}
                {"_id":"FinanceTool","title":"FinanceTool","text":"Stock prices and company financials"}
                """);
        Files.writeString(dir.resolve("queries.jsonl"), """
                {"_id":"q1","text":"will it rain in Oslo tomorrow?"}
                {"_id":"q2","text":"summarize this pdf for me"}
                {"_id":"q3","text":"apple stock price and the forecast for Cupertino"}
                {"_id":"t1","text":"do I need an umbrella"}
                """);
        Files.writeString(
                dir.resolve("qrels/test.tsv"),
                "query-id\tcorpus-id\tscore\nq1\tWeatherTool\t1\nq2\tPDF&URLTool\t1\nq3\tFinanceTool\t1\n"
                        + "q3\tWeatherTool\t1\n");
        Files.writeString(dir.resolve("qrels/train.tsv"), "query-id\tcorpus-id\tscore\nt1\tWeatherTool\t1\n");

        BenchRun run = BenchRun.of("retrieval", "--data", dir.toString(), "--tools", "300", "--no-embeddings");

        JsonNode json = new ObjectMapper().readTree(run.okLines().getLast());
        assertThat(json.path("testQueries").asInt()).isEqualTo(3);
        assertThat(json.path("scaledTools").asInt()).isEqualTo(300);
        assertThat(json.at("/plainBm25/single/recall@1").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/lucy/multi/recall@5").asDouble()).isEqualTo(1.0);
    }

    @Test
    void refuses_a_missing_data_directory_with_usage() {
        assertThat(BenchRun.of("retrieval", "--data", "/no/such/dir").usageError())
                .contains("is not a directory");
    }

    @Test
    void metatool_split_keeps_repeated_query_texts_on_one_side() {
        assertThat(MetaToolConverter.isTest("Can I find any peer-reviewed papers?"))
                .isEqualTo(MetaToolConverter.isTest("  can i find any PEER-REVIEWED papers?"));
    }
}
