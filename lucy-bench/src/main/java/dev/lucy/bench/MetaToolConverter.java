package dev.lucy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts the MetaTool data set (plugin_des.json, all_clean_data.csv, multi_tool_query_golden.json) into the BEIR
 * layout {@link BeirDataset} reads.
 *
 * <p>Single-tool queries are split by a hash of their normalised text (so repeated texts land on the same side):
 * {@value #TEST_PERCENT}% go to {@code qrels/test.tsv}, the rest to {@code qrels/train.tsv}, which only the
 * "served requests" evidence may read. All two-tool queries are test queries.
 */
final class MetaToolConverter {
    static final int TEST_PERCENT = 30;

    private MetaToolConverter() {}

    record Summary(int tools, int singleTrain, int singleTest, int multiTest) {}

    static Summary convert(Path metatool, Path out) {
        ObjectMapper json = new ObjectMapper();
        try {
            Files.createDirectories(out.resolve("qrels"));
            JsonNode plugins = json.readTree(metatool.resolve("plugin_des.json").toFile());
            JsonNode multi = json.readTree(
                    metatool.resolve("multi_tool_query_golden.json").toFile());
            List<List<String>> rows =
                    Csv.parse(Files.readString(metatool.resolve("all_clean_data.csv"), StandardCharsets.UTF_8));
            int tools = 0;
            try (BufferedWriter corpus = Files.newBufferedWriter(out.resolve("corpus.jsonl"))) {
                for (Iterator<Map.Entry<String, JsonNode>> it = plugins.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> plugin = it.next();
                    ObjectNode doc = json.createObjectNode();
                    doc.put("_id", plugin.getKey());
                    doc.put("title", plugin.getKey());
                    doc.put("text", plugin.getValue().asText());
                    corpus.write(json.writeValueAsString(doc));
                    corpus.newLine();
                    tools++;
                }
            }
            int train = 0;
            int test = 0;
            int multiCount = 0;
            try (BufferedWriter queries = Files.newBufferedWriter(out.resolve("queries.jsonl"));
                    BufferedWriter trainQrels = Files.newBufferedWriter(out.resolve("qrels/train.tsv"));
                    BufferedWriter testQrels = Files.newBufferedWriter(out.resolve("qrels/test.tsv"))) {
                trainQrels.write("query-id\tcorpus-id\tscore\n");
                testQrels.write("query-id\tcorpus-id\tscore\n");
                for (int i = 1; i < rows.size(); i++) {
                    List<String> row = rows.get(i);
                    if (row.size() < 2 || row.get(0).isBlank()) {
                        continue;
                    }
                    String id = "s" + i;
                    writeQuery(json, queries, id, row.get(0));
                    if (isTest(row.get(0))) {
                        testQrels.write(id + "\t" + row.get(1) + "\t1\n");
                        test++;
                    } else {
                        trainQrels.write(id + "\t" + row.get(1) + "\t1\n");
                        train++;
                    }
                }
                int m = 0;
                for (JsonNode item : multi) {
                    String id = "m" + (++m);
                    writeQuery(json, queries, id, item.path("query").asText());
                    for (JsonNode tool : item.path("tool")) {
                        testQrels.write(id + "\t" + tool.asText() + "\t1\n");
                    }
                    multiCount++;
                }
            }
            return new Summary(tools, train, test, multiCount);
        } catch (IOException e) {
            throw new UncheckedIOException("could not convert MetaTool from " + metatool, e);
        }
    }

    /** Whether a query text belongs to the test split: a stable hash of its normalised text. */
    static boolean isTest(String query) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(query.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            int bucket = Math.floorMod(((digest[0] & 0xff) << 8) | (digest[1] & 0xff), 100);
            return bucket < TEST_PERCENT;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void writeQuery(ObjectMapper json, BufferedWriter out, String id, String text) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.put("_id", id);
        node.put("text", text);
        out.write(json.writeValueAsString(node));
        out.newLine();
    }

    /** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
    static final class Csv {
        private Csv() {}

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
