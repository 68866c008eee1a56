package dev.lucy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.store.Dialect;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The container image (Dockerfile, .dockerignore), compose.yaml and the Kubernetes manifests in deploy/kubernetes
 * agree with each other and with Lucy's own settings: the same operations port for probes, health check and
 * Service, probe paths the operations endpoint really serves, a grace period longer than Lucy's shutdown, a user
 * without privileges, one image name. No Docker daemon or cluster runs where the tests run, so these checks read the
 * files (SnakeYAML for the YAML) and feed their environment through Lucy's own {@link ConfigLoader}.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..");
    private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    /** What a shutdown of the bot may take beyond the drain: one stop-accepting step and three closing steps. */
    private static final Duration STEPS_AROUND_THE_DRAIN = Shutdown.Builder.DEFAULT_STEP_TIMEOUT.multipliedBy(4);

    // --- the image

    @Test
    void the_image_is_built_with_the_wrapper_on_a_jdk_and_runs_the_bot_on_a_jre() throws IOException {
        Dockerfile docker = Dockerfile.read(ROOT.resolve("Dockerfile"));

        assertThat(docker.stages()).hasSize(2);
        Stage build = docker.stages().get(0);
        Stage run = docker.stages().get(1);
        assertThat(build.name()).isEqualTo("build");
        assertThat(build.image()).startsWith("eclipse-temurin:").contains("-jdk");
        assertThat(run.image()).startsWith("eclipse-temurin:").contains("-jre");
        for (Stage stage : docker.stages()) {
            Matcher feature = Pattern.compile(":(\\d+)-").matcher(stage.image());
            assertThat(feature.find()).as(stage.image()).isTrue();
            assertThat(Integer.parseInt(feature.group(1)))
                    .as("Java of " + stage.image())
                    .isGreaterThanOrEqualTo(21);
        }
        assertThat(build.all("RUN"))
                .anySatisfy(run1 ->
                        assertThat(run1).contains("./mvnw", "-pl lucy-app -am package", "lucy-app/target/lucy.jar"));
        assertThat(run.all("COPY"))
                .anySatisfy(copy -> assertThat(copy).startsWith("--from=build").endsWith(" /opt/lucy/lucy.jar"));
        List<String> entrypoint = run.execForm("ENTRYPOINT");
        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(entrypoint)
                .containsSubsequence("-jar", "/opt/lucy/lucy.jar")
                .anySatisfy(flag -> assertThat(flag).startsWith("-XX:MaxRAMPercentage="))
                .contains("-XX:+ExitOnOutOfMemoryError")
                // Lucene's vector instructions, for recall and tool choice by meaning
                .contains("--add-modules=jdk.incubator.vector");
    }

    @Test
    void the_image_runs_as_a_user_without_privileges_with_a_health_check_on_the_operations_port() throws IOException {
        Dockerfile docker = Dockerfile.read(ROOT.resolve("Dockerfile"));
        Stage run = docker.stages().getLast();
        LucyConfig config = ConfigLoader.load(withCredentials(run.env()), java.util.Optional.empty());

        // numeric, so Kubernetes' runAsNonRoot can verify it, and the last word before the entry point
        assertThat(run.last("USER")).matches("[1-9]\\d*:[1-9]\\d*");
        assertThat(run.keywords().lastIndexOf("USER"))
                .isGreaterThan(run.keywords().lastIndexOf("RUN"));
        assertThat(run.keywords().lastIndexOf("USER"))
                .isGreaterThan(run.keywords().lastIndexOf("COPY"));
        assertThat(config.opsHost()).isEqualTo("0.0.0.0");
        assertThat(run.last("EXPOSE")).isEqualTo(String.valueOf(config.opsPort()));
        assertThat(run.last("HEALTHCHECK"))
                .contains("CMD curl -fsS", "http://127.0.0.1:${LUCY_OPS_PORT}/healthz")
                .contains("--start-period=");
        assertThat(run.execForm("VOLUME")).containsExactly(config.dataDir().toString());
        assertThat(run.last("WORKDIR")).isEqualTo(config.dataDir().toString());
    }

    @Test
    void the_build_context_keeps_what_the_build_needs_and_leaves_out_build_output() throws IOException {
        DockerIgnore ignore = DockerIgnore.read(ROOT.resolve(".dockerignore"));
        List<String> needed = new ArrayList<>(List.of("mvnw", ".mvn/wrapper/maven-wrapper.properties", "pom.xml"));
        for (String module : modules()) {
            needed.add(module + "/pom.xml");
            if (Files.isDirectory(ROOT.resolve(module).resolve("src/main"))) {
                needed.add(module + "/src/main");
            }
        }

        assertThat(needed).hasSizeGreaterThan(10).allSatisfy(path -> {
            assertThat(ROOT.resolve(path)).exists();
            assertThat(ignore.excludes(path))
                    .as(path + " is in the build context")
                    .isFalse();
        });
        assertThat(List.of("lucy-app/target/lucy.jar", "lucy-core/target/classes", ".git/HEAD", "data/lucy.db"))
                .allSatisfy(path -> assertThat(ignore.excludes(path))
                        .as(path + " is left out")
                        .isTrue());
    }

    // --- compose.yaml

    @Test
    void compose_builds_this_image_and_runs_replicas_on_postgresql_that_agree_with_it() throws IOException {
        Map<String, Object> compose = yaml(ROOT.resolve("compose.yaml"));
        Stage run = Dockerfile.read(ROOT.resolve("Dockerfile")).stages().getLast();
        Map<String, Object> services = map(compose.get("services"));
        Map<String, Map<String, Object>> replicas = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (map(service).containsKey("build")) {
                replicas.put(name, map(service));
            }
        });

        assertThat(replicas).hasSizeGreaterThan(1);
        Set<String> instances = new java.util.HashSet<>();
        for (Map.Entry<String, Map<String, Object>> replica : replicas.entrySet()) {
            Map<String, Object> service = replica.getValue();
            Map<String, Object> build = map(service.get("build"));
            assertThat(ROOT.resolve(String.valueOf(build.get("context"))).resolve("Dockerfile"))
                    .exists();
            assertThat(repository(String.valueOf(service.get("image")))).isEqualTo(kubernetesImageRepository());
            Map<String, String> env = new HashMap<>(run.env());
            map(service.get("environment")).forEach((key, value) -> env.put(key, interpolate(String.valueOf(value))));
            assertThat(ConfigLoader.settings())
                    .containsAll(map(service.get("environment")).keySet());
            LucyConfig config = ConfigLoader.load(env, java.util.Optional.empty());

            assertThat(config.databaseConfig().dialect()).isEqualTo(Dialect.POSTGRESQL);
            assertThat(instances.add(config.instance())).as("a name of its own").isTrue();
            assertThat(list(service.get("ports")))
                    .singleElement()
                    .satisfies(port -> assertThat(String.valueOf(port)).endsWith(":" + config.opsPort()));
            assertThat(list(service.get("volumes")))
                    .singleElement()
                    .satisfies(volume -> assertThat(String.valueOf(volume)).endsWith(":" + config.dataDir()));
            Duration grace = duration(String.valueOf(service.get("stop_grace_period")));
            assertThat(grace).isGreaterThan(config.runtime().shutdownDeadline().plus(STEPS_AROUND_THE_DRAIN));
        }
    }

    // --- Kubernetes

    @Test
    void every_manifest_is_applied_by_the_kustomization_and_nothing_else() throws IOException {
        Map<String, Object> kustomization = yaml(KUBERNETES.resolve("kustomization.yaml"));
        List<String> files;
        try (Stream<Path> all = Files.list(KUBERNETES)) {
            files = all.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml"))
                    .filter(name -> !name.equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        }

        // the example Secret stays out, so applying the manifests never overwrites real tokens with placeholders
        assertThat(list(kustomization.get("resources")))
                .map(String::valueOf)
                .containsExactlyInAnyOrderElementsOf(files.stream()
                        .filter(f -> !f.equals("secret.example.yaml"))
                        .toList());
        assertThat(files).contains("secret.example.yaml");
    }

    @Test
    void the_pods_probe_serve_and_get_scraped_on_lucys_operations_port() throws Exception {
        Kubernetes k8s = Kubernetes.read();
        Map<String, Object> container = k8s.container();
        LucyConfig config = k8s.config();

        Map<String, Object> opsPort = list(container.get("ports")).stream()
                .map(DeploymentFilesTest::map)
                .filter(p -> "ops".equals(p.get("name")))
                .findFirst()
                .orElseThrow();
        assertThat(opsPort.get("containerPort")).isEqualTo(config.opsPort());
        assertThat(config.opsHost()).isEqualTo("0.0.0.0");
        assertThat(probe(container, "readinessProbe"))
                .containsEntry("path", "/readyz")
                .containsEntry("port", "ops");
        assertThat(probe(container, "livenessProbe"))
                .containsEntry("path", "/healthz")
                .containsEntry("port", "ops");
        assertThat(probe(container, "startupProbe"))
                .containsEntry("path", "/healthz")
                .containsEntry("port", "ops");
        Map<String, Object> annotations =
                map(map(k8s.podTemplate().get("metadata")).get("annotations"));
        assertThat(annotations)
                .containsEntry("prometheus.io/port", String.valueOf(config.opsPort()))
                .containsEntry("prometheus.io/path", "/metrics");
        Map<String, Object> service = k8s.byKind("Service");
        Map<String, Object> servicePort =
                map(list(map(service.get("spec")).get("ports")).getFirst());
        assertThat(servicePort).containsEntry("targetPort", "ops").containsEntry("port", config.opsPort());
        assertThat(map(map(service.get("spec")).get("selector"))).isEqualTo(k8s.podLabels());
        assertThat(map(map(map(k8s.byKind("PodDisruptionBudget").get("spec")).get("selector"))
                        .get("matchLabels")))
                .isEqualTo(k8s.podLabels());

        // the probe paths are what the operations endpoint serves: alive, ready, and not ready once draining
        try (OpsServer ops =
                OpsServer.builder().readiness("slack", () -> true).build().start()) {
            assertThat(status(ops, "/healthz")).isEqualTo(200);
            assertThat(status(ops, "/readyz")).isEqualTo(200);
            ops.drain();
            assertThat(status(ops, "/readyz")).isEqualTo(503);
            assertThat(status(ops, "/healthz")).isEqualTo(200);
        }
    }

    @Test
    void a_pod_is_given_longer_to_stop_than_lucys_shutdown_takes() throws IOException {
        Kubernetes k8s = Kubernetes.read();
        Duration deadline = k8s.config().runtime().shutdownDeadline();

        Duration grace = Duration.ofSeconds(((Number) k8s.podSpec().get("terminationGracePeriodSeconds")).longValue());

        assertThat(deadline).isEqualTo(Duration.ofSeconds(20));
        assertThat(grace).isGreaterThan(deadline.plus(STEPS_AROUND_THE_DRAIN));
    }

    @Test
    void pods_run_as_the_images_user_without_privileges_with_limits_and_writable_places_only_where_lucy_writes()
            throws IOException {
        Kubernetes k8s = Kubernetes.read();
        Stage run = Dockerfile.read(ROOT.resolve("Dockerfile")).stages().getLast();
        Map<String, Object> pod = map(k8s.podSpec().get("securityContext"));
        Map<String, Object> container = k8s.container();
        Map<String, Object> own = map(container.get("securityContext"));
        String[] user = run.last("USER").split(":");

        assertThat(pod)
                .containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", Integer.parseInt(user[0]))
                .containsEntry("runAsGroup", Integer.parseInt(user[1]));
        assertThat(own).containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true);
        assertThat(list(map(own.get("capabilities")).get("drop"))).containsExactly("ALL");
        assertThat(list(container.get("volumeMounts")))
                .map(mount -> map(mount).get("mountPath"))
                .containsExactlyInAnyOrder(k8s.config().dataDir().toString(), "/tmp");
        Map<String, Object> resources = map(container.get("resources"));
        assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
        assertThat(map(resources.get("limits"))).containsKey("memory");
        assertThat(repository(String.valueOf(container.get("image")))).isEqualTo("lucy");
    }

    @Test
    void several_replicas_share_postgresql_and_read_their_credentials_from_the_secret_by_name() throws IOException {
        Kubernetes k8s = Kubernetes.read();
        Map<String, Object> secret = yaml(KUBERNETES.resolve("secret.example.yaml"));
        String secretName = String.valueOf(map(secret.get("metadata")).get("name"));
        Set<String> secretKeys = map(secret.get("stringData")).keySet();
        LucyConfig config = k8s.config();

        assertThat(((Number) map(k8s.deployment().get("spec")).get("replicas")).intValue())
                .isGreaterThan(1);
        assertThat(config.databaseConfig().dialect()).isEqualTo(Dialect.POSTGRESQL);
        List<Map<String, Object>> fromSecret = k8s.env().stream()
                .filter(e -> e.containsKey("valueFrom"))
                .map(e -> map(e.get("valueFrom")))
                .filter(v -> v.containsKey("secretKeyRef"))
                .map(v -> map(v.get("secretKeyRef")))
                .toList();
        assertThat(fromSecret).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref.get("name")).isEqualTo(secretName);
            assertThat(secretKeys).contains(String.valueOf(ref.get("key")));
        });
        assertThat(fromSecret.stream()
                        .map(ref -> String.valueOf(ref.get("key")))
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(secretKeys)
                .contains("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "LUCY_DATABASE_PASSWORD");
        // Lucy's credentials only in the Secret, every other setting one Lucy knows
        assertThat(config.secrets()).isNotEmpty();
        Map<String, Object> configMap = map(k8s.byKind("ConfigMap").get("data"));
        assertThat(configMap.keySet()).doesNotContainAnyElementsOf(secretKeys);
        assertThat(ConfigLoader.settings()).containsAll(configMap.keySet()).containsAll(secretKeys);
        assertThat(ConfigLoader.settings())
                .containsAll(k8s.env().stream()
                        .map(e -> String.valueOf(e.get("name")))
                        .toList());
    }

    // --- reading the files

    /** A Dockerfile's instructions, continuation lines joined, by stage. */
    record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {
        static Dockerfile read(Path file) throws IOException {
            List<String[]> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                    continue;
                }
                if (trimmed.startsWith("#")) {
                    continue; // a comment inside a continued instruction
                }
                if (trimmed.endsWith("\\")) {
                    current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                current.append(trimmed);
                String whole = current.toString().strip().replaceAll("\\s+", " ");
                int space = whole.indexOf(' ');
                instructions.add(new String[] {
                    whole.substring(0, space).toUpperCase(java.util.Locale.ROOT), whole.substring(space + 1)
                });
                current.setLength(0);
            }
            Map<String, String> args = new HashMap<>();
            List<Stage> stages = new ArrayList<>();
            for (String[] instruction : instructions) {
                if (instruction[0].equals("FROM")) {
                    String[] words = instruction[1].split(" ");
                    String image = substitute(words[0], args);
                    String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : "";
                    stages.add(new Stage(name, image, new ArrayList<>()));
                } else if (stages.isEmpty()) {
                    assertThat(instruction[0]).as("before the first FROM").isEqualTo("ARG");
                    String[] arg = instruction[1].split("=", 2);
                    args.put(arg[0], arg.length == 2 ? arg[1] : "");
                } else {
                    stages.getLast().instructions().add(instruction);
                }
            }
            return new Dockerfile(args, stages);
        }

        private static String substitute(String text, Map<String, String> args) {
            Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(text);
            return m.replaceAll(r -> Matcher.quoteReplacement(args.getOrDefault(r.group(1), "")));
        }
    }

    record Stage(String name, String image, List<String[]> instructions) {
        List<String> keywords() {
            return instructions.stream().map(i -> i[0]).toList();
        }

        List<String> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i[0].equals(keyword))
                    .map(i -> i[1])
                    .toList();
        }

        String last(String keyword) {
            List<String> all = all(keyword);
            assertThat(all).as(keyword + " in stage " + name).isNotEmpty();
            return all.getLast();
        }

        /** The JSON array form of an instruction (ENTRYPOINT, VOLUME), which runs without a shell. */
        List<String> execForm(String keyword) {
            String value = last(keyword);
            assertThat(value).as(keyword + " in exec form").startsWith("[").endsWith("]");
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(value);
        }

        /** The environment the stage's ENV instructions set (KEY=value pairs). */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            Matcher pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(String.join(" ", all("ENV")));
            while (pair.find()) {
                env.put(pair.group(1), pair.group(2).replace("\"", ""));
            }
            return env;
        }
    }

    /** .dockerignore's patterns, matched as Docker does for these simple forms: a path or any folder above it. */
    record DockerIgnore(List<String> patterns) {
        static DockerIgnore read(Path file) throws IOException {
            List<String> patterns = Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.endsWith("/") ? line.substring(0, line.length() - 1) : line)
                    .toList();
            assertThat(patterns)
                    .as("no exceptions (!), which this reading does not follow")
                    .noneMatch(p -> p.startsWith("!"));
            return new DockerIgnore(patterns);
        }

        boolean excludes(String path) {
            Path p = Path.of(path);
            for (int i = 1; i <= p.getNameCount(); i++) {
                Path prefix = p.subpath(0, i);
                for (String pattern : patterns) {
                    if (matches(pattern, prefix)
                            || (pattern.startsWith("**/") && matches(pattern.substring(3), prefix))) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean matches(String glob, Path path) {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(path);
        }
    }

    /** The manifests the kustomization applies, and Lucy's configuration as the pod would load it. */
    record Kubernetes(List<Map<String, Object>> documents) {
        static Kubernetes read() throws IOException {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object resource :
                    list(yaml(KUBERNETES.resolve("kustomization.yaml")).get("resources"))) {
                documents.add(yaml(KUBERNETES.resolve(String.valueOf(resource))));
            }
            return new Kubernetes(documents);
        }

        Map<String, Object> byKind(String kind) {
            return documents.stream()
                    .filter(d -> kind.equals(d.get("kind")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind));
        }

        Map<String, Object> deployment() {
            return byKind("Deployment");
        }

        Map<String, Object> podTemplate() {
            return map(map(deployment().get("spec")).get("template"));
        }

        Map<String, Object> podSpec() {
            return map(podTemplate().get("spec"));
        }

        Map<String, Object> podLabels() {
            Map<String, Object> labels = map(map(podTemplate().get("metadata")).get("labels"));
            assertThat(map(map(map(deployment().get("spec")).get("selector")).get("matchLabels")))
                    .isEqualTo(labels);
            return labels;
        }

        Map<String, Object> container() {
            List<Object> containers = list(podSpec().get("containers"));
            assertThat(containers).hasSize(1);
            return map(containers.getFirst());
        }

        List<Map<String, Object>> env() {
            return list(container().get("env")).stream()
                    .map(DeploymentFilesTest::map)
                    .toList();
        }

        /** The image's environment, under the ConfigMap's, under the container's own entries. */
        LucyConfig config() throws IOException {
            Map<String, Object> configMap = byKind("ConfigMap");
            String configMapName = String.valueOf(map(configMap.get("metadata")).get("name"));
            assertThat(list(container().get("envFrom")))
                    .singleElement()
                    .satisfies(from ->
                            assertThat(map(map(from).get("configMapRef"))).containsEntry("name", configMapName));
            Map<String, String> env = new HashMap<>(Dockerfile.read(ROOT.resolve("Dockerfile"))
                    .stages()
                    .getLast()
                    .env());
            map(configMap.get("data")).forEach((key, value) -> env.put(key, String.valueOf(value)));
            for (Map<String, Object> entry : env()) {
                String name = String.valueOf(entry.get("name"));
                env.put(name, entry.containsKey("value") ? String.valueOf(entry.get("value")) : standIn(name));
            }
            return ConfigLoader.load(env, java.util.Optional.empty());
        }
    }

    private static Map<String, Object> probe(Map<String, Object> container, String probe) {
        return map(map(container.get(probe)).get("httpGet"));
    }

    private static String kubernetesImageRepository() throws IOException {
        return repository(String.valueOf(Kubernetes.read().container().get("image")));
    }

    private static String repository(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    /** compose.yaml's ${NAME:-default} and ${NAME:?message}, as Compose would fill them from a set environment. */
    private static String interpolate(String value) {
        Matcher m = Pattern.compile("\\$\\{(\\w+):([-?])([^}]*)}").matcher(value);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(2).equals("-") ? r.group(3) : standIn(r.group(1))));
    }

    /** A value for a setting that comes from outside the files (a secret, the pod's name). */
    private static String standIn(String name) {
        return switch (name) {
            case "SLACK_BOT_TOKEN" -> "xoxb-1-2-stand-in";
            case "SLACK_APP_TOKEN" -> "xapp-1-2-stand-in";
            case "LUCY_INSTANCE" -> "lucy-7d9f-abcde";
            default -> "stand-in";
        };
    }

    private static Map<String, String> withCredentials(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("SLACK_BOT_TOKEN", standIn("SLACK_BOT_TOKEN"));
        all.put("SLACK_APP_TOKEN", standIn("SLACK_APP_TOKEN"));
        return all;
    }

    private static Duration duration(String text) {
        Matcher m = Pattern.compile("(\\d+)(s|m)").matcher(text);
        assertThat(m.matches()).as(text).isTrue();
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
    }

    private static List<String> modules() throws IOException {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    private static int status(OpsServer ops, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
