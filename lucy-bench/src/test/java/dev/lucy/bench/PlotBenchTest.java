package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class PlotBenchTest {
    private static final String RUNTIME_LOAD = "{\"bench\":\"runtime-load\",\"label\":\"quiet machine\","
            + "\"conversations\":1000,\"ideal_ms\":3000,\"p50_ms\":3149.4,\"p95_ms\":3236.3,\"p99_ms\":3275.8,"
            + "\"overhead_p95\":1.0788,\"lost\":0,\"duplicated\":0}";
    private static final String RUNTIME_BURST =
            "{\"bench\":\"runtime-load\",\"mode\":\"burst\",\"events\":1000," + "\"admitted\":80}";
    private static final String LOAD = "{\"bench\":\"load\",\"label\":\"whole app\",\"conversations\":1000,"
            + "\"model_latency_ms\":1000,\"tool_latency_ms\":0,\"task_p50_ms\":14063.4,\"task_p95_ms\":15330.6,"
            + "\"task_p99_ms\":15695.1}";
    private static final String BASELINE = "{\"bench\":\"baseline\",\"label\":\"no model latency\","
            + "\"conversations\":1000,\"model_latency_ms\":0,\"lucy_cpu_ms_per_turn\":0.377,"
            + "\"baseline_cpu_ms_per_turn\":0.340}";
    private static final String RETRIEVAL = "{\"bench\":\"retrieval\",\"label\":\"MetaTool run\",\"tools\":199,"
            + "\"scaledTools\":10000,"
            + "\"plainBm25\":{\"single\":{\"recall@1\":0.394,\"recall@5\":0.593,\"recall@10\":0.661},"
            + "\"multi\":{\"recall@1\":0.303,\"recall@5\":0.643,\"recall@10\":0.710,\"all@5\":0.427}},"
            + "\"lucy\":{\"single\":{\"recall@1\":0.798,\"recall@5\":0.937,\"recall@10\":0.960},"
            + "\"multi\":{\"recall@1\":0.336,\"recall@5\":0.821,\"recall@10\":0.909,\"all@5\":0.658}},"
            + "\"lucyScaled\":{\"single\":{\"recall@1\":0.785,\"recall@5\":0.937,\"recall@10\":0.960},"
            + "\"multi\":{\"recall@1\":0.362,\"recall@5\":0.828,\"recall@10\":0.915,\"all@5\":0.674}}}";

    @TempDir
    Path dir;

    @Test
    void draws_latency_percentiles_of_runtime_and_app_load_against_the_ideal() throws Exception {
        Path data = data("# copied from two runs\n" + RUNTIME_LOAD + "\n" + RUNTIME_BURST + "\n\n" + LOAD + "\n");

        List<String> text = texts(plot(data).resolve("latency-under-load.svg"));

        assertThat(text)
                .contains("Latency under load", "p50", "p95", "p99", "ideal, 3.0 s", "target for p95, 3.3 s")
                .contains("3.24", "15.33");
        assertThat(String.join(" ", text)).contains("runtime-load quiet machine", "load whole app");
    }

    @Test
    void draws_lucy_and_langchain4j_cpu_per_turn_side_by_side() throws Exception {
        List<String> text = texts(plot(data(BASELINE)).resolve("lucy-vs-langchain4j-cpu.svg"));

        assertThat(text).contains("Lucy", "LangChain4j", "0.377", "0.340");
        assertThat(String.join(" ", text)).contains("no model latency Lucy / LangChain4j 1.11");
    }

    @Test
    void draws_each_retrievers_recall_at_one_five_and_ten() throws Exception {
        List<String> text = texts(plot(data(RETRIEVAL)).resolve("retrieval-recall.svg"));

        assertThat(text)
                .contains("plain BM25, 199 tools", "Lucy, 199 tools", "Lucy, 10,000 tools")
                .contains("1 tool", "2 tools", "recall@1", "recall@5", "recall@10", "all@5")
                .contains("0.94", "0.43");
    }

    @Test
    void the_same_data_draws_the_same_files() throws Exception {
        Path data = data(RUNTIME_LOAD + "\n" + LOAD + "\n" + BASELINE + "\n" + RETRIEVAL);
        Path first = plot(data);
        Path again = Files.createDirectories(dir.resolve("again"));
        BenchRun.of("plot", "--data", data.toString(), "--out", again.toString())
                .jsonLine("plot");

        for (String file : List.of("latency-under-load.svg", "lucy-vs-langchain4j-cpu.svg", "retrieval-recall.svg")) {
            assertThat(Files.readString(again.resolve(file))).isEqualTo(Files.readString(first.resolve(file)));
        }
    }

    @Test
    void says_which_chart_it_had_no_runs_for_and_draws_the_others() throws Exception {
        Path out = dir.resolve("img");
        BenchRun run = BenchRun.of("plot", "--data", data(BASELINE).toString(), "--out", out.toString());

        assertThat(run.jsonLine("plot")).contains("\"charts\":1");
        assertThat(run.out()).contains("latency percentiles under load (runtime-load, load)", "not drawn");
        assertThat(out.resolve("lucy-vs-langchain4j-cpu.svg")).exists();
        assertThat(out.resolve("latency-under-load.svg")).doesNotExist();
    }

    @Test
    void names_the_file_and_line_that_is_not_a_bench_result() throws Exception {
        Path data = data(BASELINE + "\n{\"label\":\"no bench name\"}\n");

        BenchRun run = BenchRun.of(
                "plot", "--data", data.toString(), "--out", dir.resolve("img").toString());

        assertThat(run.code()).isEqualTo(BenchMain.FAILED);
        assertThat(run.err()).contains("runs.jsonl line 2", "no \"bench\" name");
    }

    @Test
    void refuses_an_unknown_option_with_the_usage_code_and_suggests_the_closest() {
        assertThat(BenchRun.of("plot", "--dat", "x").usageError())
                .contains("unknown option '--dat'; did you mean --data?")
                .contains("./lucy bench plot --help");
    }

    @Test
    void the_figures_kept_in_the_repository_draw_every_chart_performance_md_shows() throws IOException {
        Path docs = Path.of("..", "docs");
        Path out = dir.resolve("img");

        BenchRun run = BenchRun.of("plot", "--data", docs.resolve("perf").toString(), "--out", out.toString());

        assertThat(run.jsonLine("plot"))
                .contains("\"charts\":" + PerfCharts.all().size());
        String performance = Files.readString(docs.resolve("performance.md"));
        for (PerfCharts.Chart chart : PerfCharts.all()) {
            assertThat(out.resolve(chart.file())).exists();
            assertThat(docs.resolve("img").resolve(chart.file())).exists();
            assertThat(performance).as("performance.md shows it").contains("](img/" + chart.file() + ")");
        }
    }

    private Path data(String lines) throws IOException {
        Path data = Files.createDirectories(dir.resolve("perf"));
        Files.writeString(data.resolve("runs.jsonl"), lines);
        Files.writeString(data.resolve("README.md"), "Not data: only .jsonl files are read.\n");
        return data;
    }

    private Path plot(Path data) {
        Path out = dir.resolve("img");
        BenchRun.of("plot", "--data", data.toString(), "--out", out.toString()).jsonLine("plot");
        return out;
    }

    /** The text of every {@code <text>} element, after parsing the file as XML (so it must be well formed). */
    private static List<String> texts(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // The DOCTYPE names the SVG 1.0 DTD on the web; a well-formedness check needs no network.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(svg.toFile());
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("svg");
        NodeList elements = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < elements.getLength(); i++) {
            texts.add(elements.item(i).getTextContent());
        }
        return texts;
    }
}
