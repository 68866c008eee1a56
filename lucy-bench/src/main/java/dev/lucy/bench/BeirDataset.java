package dev.lucy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A retrieval data set in the BEIR layout: {@code corpus.jsonl} ({@code _id}, {@code title}, {@code text}),
 * {@code queries.jsonl} ({@code _id}, {@code text}) and {@code qrels/test.tsv} (query-id, corpus-id, score, with a
 * header line). An optional {@code qrels/train.tsv} holds queries that may be used as evidence; they are never
 * scored.
 */
record BeirDataset(
        Map<String, Doc> corpus,
        Map<String, String> queries,
        Map<String, Set<String>> test,
        Map<String, Set<String>> train) {

    record Doc(String id, String title, String text) {}

    static BeirDataset read(Path dir) {
        ObjectMapper json = new ObjectMapper();
        Map<String, Doc> corpus = new LinkedHashMap<>();
        for (JsonNode node : jsonLines(json, dir.resolve("corpus.jsonl"))) {
            String id = node.path("_id").asText();
            corpus.put(
                    id,
                    new Doc(id, node.path("title").asText(""), node.path("text").asText("")));
        }
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode node : jsonLines(json, dir.resolve("queries.jsonl"))) {
            queries.put(node.path("_id").asText(), node.path("text").asText());
        }
        Map<String, Set<String>> test = qrels(dir.resolve("qrels/test.tsv"));
        Path trainFile = dir.resolve("qrels/train.tsv");
        Map<String, Set<String>> train = Files.exists(trainFile) ? qrels(trainFile) : Map.of();
        if (corpus.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no corpus or no test queries");
        }
        for (String query : test.keySet()) {
            if (train.containsKey(query)) {
                throw new IllegalArgumentException("query " + query + " is in both train and test qrels");
            }
        }
        return new BeirDataset(corpus, queries, test, train);
    }

    private static List<JsonNode> jsonLines(ObjectMapper json, Path file) {
        List<JsonNode> nodes = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    nodes.add(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return nodes;
    }

    private static Map<String, Set<String>> qrels(Path file) {
        Map<String, Set<String>> qrels = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] cols = line.split("\t");
                if (cols.length < 3 || cols[0].equals("query-id")) {
                    continue;
                }
                if (Integer.parseInt(cols[2].trim()) > 0) {
                    qrels.computeIfAbsent(cols[0], q -> new LinkedHashSet<>()).add(cols[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return qrels;
    }
}
