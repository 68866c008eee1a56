package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.core.spi.ToolError;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * ops/grafana/lucy.json and ops/prometheus/alerts.yaml ask only for what Lucy exports: the metric and label names
 * come from a real scrape of {@code /metrics} of the bot as {@code ./lucy} runs it, after it answered one message.
 * The alert file has the shape of a Prometheus rule file and holds the seed's SLO targets; the dashboard is Grafana's
 * JSON. promtool is not part of the build; where it is installed, {@code promtool check rules} and
 * {@code promtool test rules ops/prometheus/alerts.test.yaml} check the rules further.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardAndAlertsTest {
    private static final Path OPS = Path.of("..", "ops");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Labels Prometheus adds to every series it scrapes. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    /** Every metric name a running Lucy exports, with the label names its samples carry. */
    private Map<String, Set<String>> exported;

    @BeforeAll
    void scrape_a_running_lucy(@TempDir Path dataDir) throws Exception {
        try (SlackSimulator slack = SlackSimulator.builder().channel("general").start();
                ScriptedModelServer model = ScriptedModelServer.start()) {
            LucyConfig config = ConfigLoader.load(Map.of(
                    "SLACK_BOT_TOKEN", slack.botToken(),
                    "SLACK_APP_TOKEN", slack.appToken(),
                    "LUCY_SLACK_API_URL", slack.methodsUrl(),
                    "LUCY_MODEL_API_KEY", "sk-test-key-for-the-scripted-server",
                    "LUCY_MODEL_BASE_URL", model.baseUrl(),
                    "LUCY_DATA_DIR", dataDir.toString(),
                    "LUCY_OPS_PORT", "0",
                    "LUCY_CONSOLE_PORT", "0"));
            try (BotCommand.Running bot = BotCommand.start(config)) {
                int port = bot.opsPort().orElseThrow();
                SlackMessage question = slack.user("alice").mentionsBot("general", "what is on the roadmap?");
                slack.awaitBotReply(question, WAIT);
                // meters of a model and of Web API methods appear at their first request; the JVM's pause timer at
                // its first collection
                System.gc();
                String[] text = new String[1];
                slack.awaitTrue("every kind of meter in the scrape", WAIT, () -> {
                    text[0] = metrics(port);
                    return text[0].contains("lucy_model_request_duration_seconds_bucket")
                            && text[0].contains("lucy_slack_request_duration_seconds_bucket")
                            && text[0].contains("jvm_gc_pause_seconds_sum");
                });
                exported = exported(text[0]);
            }
        }
    }

    // --- alerts

    @Test
    void the_alert_file_has_the_shape_of_a_prometheus_rule_file() throws IOException {
        Map<String, Object> file = yaml(OPS.resolve("prometheus/alerts.yaml"));

        assertThat(file).containsOnlyKeys("groups");
        List<Object> groups = list(file.get("groups"));
        assertThat(groups).isNotEmpty();
        Set<String> groupNames = new HashSet<>();
        Set<String> alertNames = new HashSet<>();
        for (Object g : groups) {
            Map<String, Object> group = map(g);
            assertThat(group).containsKeys("name", "rules");
            assertThat(groupNames.add(String.valueOf(group.get("name"))))
                    .as("group names are unique")
                    .isTrue();
            assertThat(list(group.get("rules"))).isNotEmpty().allSatisfy(r -> {
                Map<String, Object> rule = map(r);
                assertThat(rule)
                        .containsKeys("alert", "expr", "labels", "annotations")
                        .doesNotContainKey("record");
                assertThat(rule.keySet())
                        .isSubsetOf("alert", "expr", "for", "keep_firing_for", "labels", "annotations");
                String name = String.valueOf(rule.get("alert"));
                assertThat(name).matches("Lucy[A-Z][A-Za-z0-9]*");
                assertThat(alertNames.add(name)).as("alert names are unique").isTrue();
                assertThat(rule.get("expr")).isInstanceOf(String.class);
                if (rule.containsKey("for")) {
                    assertThat(String.valueOf(rule.get("for"))).matches("\\d+[smhdwy]");
                }
                assertThat(map(rule.get("labels"))).containsKey("severity");
                assertThat(String.valueOf(map(rule.get("labels")).get("severity")))
                        .isIn("page", "ticket");
                assertThat(map(rule.get("annotations"))).containsKeys("summary", "description");
            });
        }
    }

    @Test
    void the_slo_alerts_hold_the_seeds_targets() throws IOException {
        Map<String, String> expressions = alertExpressions();

        assertThat(expressions.get("LucyToolCallSuccessBelowSlo")).contains(") > 0.01\n"); // success >= 99 %
        assertThat(expressions.get("LucyNoTextFallbacksAboveSlo")).contains(") > 0.005\n"); // <= 0.5 %
        assertThat(expressions.get("LucyUnknownToolCallsAboveSlo")).contains(") > 0.001\n"); // <= 0.1 %
        assertThat(expressions.get("LucyToolLatencyAboveSlo")) // p95 <= 8 s, a bucket bound of the histogram
                .contains("histogram_quantile(0.95, sum by (le) (rate(lucy_tool_duration_seconds_bucket")
                .contains(") > 8\n");
        assertThat(exported.get("lucy_tool_duration_seconds_bucket")).contains("le");
    }

    @Test
    void the_failures_the_tool_slo_counts_are_those_lucy_counts_against_a_tools_health() throws IOException {
        String health = Arrays.stream(ToolError.values())
                .filter(ToolError::countsAgainstHealth)
                .map(ToolError::wireName)
                .sorted()
                .collect(Collectors.joining("|"));
        List<String> texts = new ArrayList<>(alertExpressions().values());
        texts.addAll(dashboardExpressions().values());

        List<String> errorMatchers = new ArrayList<>();
        for (String text : texts) {
            Matcher m = Pattern.compile("error=~\"([^\"]*)\"").matcher(text);
            while (m.find()) {
                errorMatchers.add(m.group(1));
            }
        }

        assertThat(errorMatchers)
                .hasSizeGreaterThan(3)
                .allSatisfy(values -> assertThat(
                                Arrays.stream(values.split("\\|")).sorted().collect(Collectors.joining("|")))
                        .isEqualTo(health));
    }

    @Test
    void every_alert_has_a_promtool_unit_test_that_sees_it_fire() throws IOException {
        Map<String, Object> tests = yaml(OPS.resolve("prometheus/alerts.test.yaml"));
        Set<String> firing = new TreeSet<>();
        for (Object t : list(tests.get("tests"))) {
            for (Object c : list(map(t).get("alert_rule_test"))) {
                Map<String, Object> check = map(c);
                if (!list(check.get("exp_alerts")).isEmpty()) {
                    firing.add(String.valueOf(check.get("alertname")));
                }
            }
        }

        assertThat(list(tests.get("rule_files"))).containsExactly("alerts.yaml");
        assertThat(firing).isEqualTo(new TreeSet<>(alertExpressions().keySet()));
    }

    // --- the dashboard

    @Test
    void the_dashboard_is_grafana_json_with_panels_on_its_grid_reading_the_chosen_prometheus() throws IOException {
        JsonNode dashboard =
                new ObjectMapper().readTree(OPS.resolve("grafana/lucy.json").toFile());

        assertThat(dashboard.path("title").asText()).isEqualTo("Lucy");
        assertThat(dashboard.path("uid").asText()).matches("[a-z0-9-]{1,40}");
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
                .contains("datasource");
        Set<Integer> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("panel ids are unique")
                    .isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).isBetween(1, 24);
            assertThat(grid.path("h").asInt()).isPositive();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("type").asText()).isIn("timeseries", "stat");
            assertThat(titles.add(panel.path("title").asText()))
                    .as("panel titles are unique")
                    .isTrue();
            assertThat(panel.path("description").asText()).isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).isNotEmpty().allSatisfy(target -> {
                assertThat(target.path("expr").asText()).isNotBlank();
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            });
        }
        // the panels the dashboard is for: SLOs, queue, model health, latency and cost, tools, Slack
        assertThat(String.join("\n", dashboardExpressions().values()))
                .contains("lucy_tool_pipeline_failures_total", "lucy_queue_depth", "lucy_admissions_total")
                .contains("lucy_model_requests_total", "lucy_model_request_duration_seconds_bucket")
                .contains("lucy_model_tokens_total", "lucy_tool_calls_total", "lucy_slack_requests_total");
    }

    // --- both, against the scrape

    @Test
    void every_alert_and_panel_asks_only_for_metrics_and_labels_lucy_exports() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        alertExpressions().forEach((name, expr) -> all.put("alert " + name, expr));
        all.putAll(dashboardExpressions());
        assertThat(all).hasSizeGreaterThan(40);

        for (Map.Entry<String, String> entry : all.entrySet()) {
            PromQl query = PromQl.parse(entry.getValue());
            assertThat(query.selectors()).as(entry.getKey()).isNotEmpty();
            Set<String> labels = new HashSet<>(TARGET_LABELS);
            for (PromQl.Selector selector : query.selectors()) {
                assertThat(exported.containsKey(selector.metric()))
                        .as("%s asks for %s, which Lucy does not export", entry.getKey(), selector.metric())
                        .isTrue();
                Set<String> own = new HashSet<>(exported.get(selector.metric()));
                own.addAll(TARGET_LABELS);
                labels.addAll(own);
                assertThat(selector.labels())
                        .as("the labels of %s that %s asks for", selector.metric(), entry.getKey())
                        .isSubsetOf(own);
            }
            assertThat(query.grouping())
                    .as("grouping labels of %s", entry.getKey())
                    .isSubsetOf(labels);
            assertThat(query.legendLabels()).as("legend of %s", entry.getKey()).isSubsetOf(labels);
        }
    }

    @Test
    void the_replica_picker_lists_what_lucy_exports() throws IOException {
        JsonNode dashboard =
                new ObjectMapper().readTree(OPS.resolve("grafana/lucy.json").toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                queries.add(variable.path("query").path("query").asText());
            }
        }

        assertThat(queries).isNotEmpty().allSatisfy(query -> {
            Matcher m = Pattern.compile("label_values\\((\\w+), *(\\w+)\\)").matcher(query);
            assertThat(m.matches()).as(query).isTrue();
            assertThat(exported).containsKey(m.group(1));
            assertThat(TARGET_LABELS).contains(m.group(2));
        });
    }

    // --- reading the files

    private Map<String, String> alertExpressions() throws IOException {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Object g : list(yaml(OPS.resolve("prometheus/alerts.yaml")).get("groups"))) {
            for (Object r : list(map(g).get("rules"))) {
                Map<String, Object> rule = map(r);
                expressions.put(String.valueOf(rule.get("alert")), String.valueOf(rule.get("expr")));
            }
        }
        return expressions;
    }

    /** Each panel target's expression, with its legend appended as a comment so the legend's labels are checked. */
    private Map<String, String> dashboardExpressions() throws IOException {
        JsonNode dashboard =
                new ObjectMapper().readTree(OPS.resolve("grafana/lucy.json").toFile());
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.put(
                        "panel '" + panel.path("title").asText() + "' "
                                + target.path("refId").asText(),
                        target.path("expr").asText() + "\n# legend "
                                + target.path("legendFormat").asText());
            }
        }
        return expressions;
    }

    /** A scrape's metric names (sample names, so {@code _bucket}, {@code _total} ...) and their label names. */
    private static Map<String, Set<String>> exported(String scrape) {
        Map<String, Set<String>> names = new HashMap<>();
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? \\S+$");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");
        for (String line : scrape.lines().toList()) {
            Matcher m = sample.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Set<String> labels = names.computeIfAbsent(m.group(1), n -> new HashSet<>());
            if (m.group(3) != null) {
                Matcher l = label.matcher(m.group(3));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return names;
    }

    /**
     * Just enough of PromQL to list what an expression selects: metric names with the labels their matchers name,
     * the labels of {@code by (...)} and {@code without (...)}, and the labels a Grafana legend ({@code # legend
     * {{model}}}) shows. Grafana's variables ({@code $__rate_interval}, {@code $instance}) stand for values. A name
     * followed by a parenthesis must be a PromQL function, so a misspelt one fails too.
     */
    record PromQl(List<Selector> selectors, Set<String> grouping, Set<String> legendLabels) {
        record Selector(String metric, Set<String> labels) {}

        private static final Set<String> FUNCTIONS = Set.of(
                "sum",
                "min",
                "max",
                "avg",
                "count",
                "group",
                "stddev",
                "stdvar",
                "topk",
                "bottomk",
                "quantile",
                "count_values",
                "rate",
                "irate",
                "increase",
                "delta",
                "idelta",
                "deriv",
                "histogram_quantile",
                "abs",
                "absent",
                "absent_over_time",
                "avg_over_time",
                "max_over_time",
                "min_over_time",
                "sum_over_time",
                "count_over_time",
                "last_over_time",
                "quantile_over_time",
                "changes",
                "resets",
                "clamp",
                "clamp_min",
                "clamp_max",
                "ceil",
                "floor",
                "round",
                "scalar",
                "vector",
                "time",
                "timestamp",
                "sort",
                "sort_desc",
                "label_replace",
                "label_join",
                "predict_linear");
        private static final Set<String> GROUPING = Set.of("by", "without");
        private static final Set<String> MATCHING = Set.of("on", "ignoring", "group_left", "group_right");
        private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

        static PromQl parse(String expression) {
            String[] parts = expression.split("\n# legend ", 2);
            Set<String> legend = new HashSet<>();
            if (parts.length == 2) {
                Matcher m = Pattern.compile("\\{\\{ *(\\w+) *}}").matcher(parts[1]);
                while (m.find()) {
                    legend.add(m.group(1));
                }
            }
            String text = parts[0].replaceAll("\\$\\{\\w+}|\\$\\w+", "1");
            List<Selector> selectors = new ArrayList<>();
            Set<String> grouping = new HashSet<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"' || c == '\'' || c == '`') {
                    i = text.indexOf(c, i + 1) + 1;
                    assertThat(i).as("a closed string in %s", expression).isPositive();
                } else if (c == '[') {
                    i = text.indexOf(']', i) + 1; // a range or subquery: durations only
                } else if (c == '{') {
                    throw new AssertionError("a selector without a metric name in " + expression);
                } else if (Character.isDigit(c)
                        || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                    Matcher number = Pattern.compile("[0-9.]+([eE][+-]?[0-9]+)?[smhdwy]*")
                            .matcher(text);
                    number.find(i);
                    i = number.end();
                } else if (Character.isLetter(c) || c == '_' || c == ':') {
                    Matcher word = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(text);
                    word.find(i);
                    String name = word.group();
                    i = word.end();
                    int next = skipSpaces(text, i);
                    char after = next < text.length() ? text.charAt(next) : ' ';
                    if (GROUPING.contains(name) || MATCHING.contains(name)) {
                        if (after == '(') {
                            int close = text.indexOf(')', next);
                            for (String label : text.substring(next + 1, close).split(",")) {
                                if (!label.isBlank() && GROUPING.contains(name)) {
                                    grouping.add(label.strip());
                                }
                            }
                            i = close + 1;
                        }
                    } else if (KEYWORDS.contains(name) || FUNCTIONS.contains(name)) {
                        // an operator, a modifier, a function or an aggregation (which may come before its "by")
                    } else if (after == '(') {
                        throw new AssertionError("'" + name + "' is no PromQL function, in " + expression);
                    } else {
                        Set<String> labels = new HashSet<>();
                        if (after == '{') {
                            int close = closingBrace(text, next);
                            Matcher matcher = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*) *(=~|!~|!=|=) *\"")
                                    .matcher(text.substring(next + 1, close));
                            while (matcher.find()) {
                                labels.add(matcher.group(1));
                            }
                            i = close + 1;
                        }
                        selectors.add(new Selector(name, labels));
                    }
                } else {
                    i++;
                }
            }
            return new PromQl(selectors, grouping, legend);
        }

        private static int skipSpaces(String text, int i) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            return i;
        }

        private static int closingBrace(String text, int open) {
            boolean quoted = false;
            for (int i = open + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == '}' && !quoted) {
                    return i;
                }
            }
            throw new AssertionError("an unclosed selector in " + text);
        }
    }

    private static String metrics(int port) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
