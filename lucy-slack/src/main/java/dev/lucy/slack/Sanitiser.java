package dev.lucy.slack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps internals out of what users read: secrets, internal tool identifiers, internal file paths and
 * provider names.
 *
 * <ul>
 *   <li><b>Secrets</b> are redacted everywhere, code included: API keys ({@code sk-...}), Slack tokens
 *       ({@code xoxb-}, {@code xoxp-}, {@code xapp-}...), AWS access keys, GitHub, Google and Stripe keys,
 *       JWTs, bearer and basic credentials, private key blocks, passwords in URLs and query strings,
 *       {@code password=...}-style assignments, and long random-looking strings.
 *   <li><b>Tool identifiers</b> (configured names and prefixes) become plain words everywhere; an inline code
 *       span holding only the identifier loses its backticks, "the X tool" becomes the plain words.
 *   <li><b>Internal paths</b> and <b>provider names</b> are replaced in prose only: code, links and Slack
 *       entities keep them. A file path keeps its file name; a directory becomes
 *       {@link SanitiserConfig#pathReplacement()}.
 * </ul>
 *
 * <p>Plug it into the formatter's prose filter ({@code UnaryOperator<String>}); it works on Markdown and on
 * plain text. Immutable and thread-safe; patterns are compiled once and written without nested unbounded
 * repetition, so the cost stays linear in the text.
 */
public final class Sanitiser implements UnaryOperator<String> {

    /**
     * A secret's shape. {@code hints}: lower-case strings one of which any match must contain, checked with
     * {@code contains} on the lower-cased text before the pattern runs (most answers hold no secret at all);
     * empty for no hint.
     */
    private record SecretPattern(
            Pattern pattern, int group, Predicate<String> accept, List<String> hints, boolean bounded) {
        boolean mayMatch(String lowerCaseText) {
            if (hints.isEmpty()) {
                return true;
            }
            for (String hint : hints) {
                if (lowerCaseText.contains(hint)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final Predicate<String> ANY = s -> true;
    private static final Predicate<String> HAS_DIGIT = s -> s.chars().anyMatch(Character::isDigit);

    private static final List<SecretPattern> SECRETS = List.of(
            // OpenAI, Anthropic, OpenRouter and similar keys: sk-..., sk-proj-..., sk-ant-..., sk-or-v1-...
            bounded("sk-[A-Za-z0-9_-]{20,}", HAS_DIGIT, "sk-"),
            bounded("xox[abposre]-[A-Za-z0-9-]{10,}", ANY, "xox"),
            bounded("xapp-\\d-[A-Za-z0-9-]{10,}", ANY, "xapp-"),
            secret(
                    "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]+",
                    0,
                    ANY,
                    "hooks.slack.com"),
            secret(
                    "(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}"
                            + "(?![A-Za-z0-9])",
                    0,
                    ANY,
                    "akia",
                    "asia",
                    "abia",
                    "acca",
                    "agpa",
                    "aida",
                    "aipa",
                    "anpa",
                    "anva",
                    "apka",
                    "aroa",
                    "asca"),
            bounded("gh[pousr]_[A-Za-z0-9]{30,}", ANY, "p_", "o_", "u_", "s_", "r_"),
            bounded("github_pat_[A-Za-z0-9_]{30,}", ANY, "github_pat_"),
            bounded("AIza[0-9A-Za-z_-]{35}", ANY, "aiza"),
            secret("(?<![\\w])[rsp]k_(?:live|test)_[A-Za-z0-9]{16,}", 0, ANY, "k_live_", "k_test_"),
            bounded("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}", ANY, "eyj"),
            secret("(?i)\\bbearer\\s+([A-Za-z0-9._~+/-]{12,}=*)", 1, ANY, "bearer"),
            secret(
                    "(?i)\\bbasic\\s+([A-Za-z0-9+/]{12,}={0,2})(?![\\w/+=])",
                    1,
                    s -> HAS_DIGIT.test(s) || s.endsWith("="),
                    "basic"),
            // user:password@host in any URL
            secret("\\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\\s:/@<>]{1,100}:([^\\s@/<>]{1,200})@", 1, ANY, "@"),
            // ?token=..., &api_key=..., &sig=...
            secret(
                    "(?i)[?&](?:access_token|refresh_token|id_token|token|api_key|apikey|key|secret|client_secret"
                            + "|sig|signature|password|pwd|auth)=([^&\\s#<>|)\"']{6,})",
                    1,
                    ANY,
                    "="),
            // password = "hunter2", "api_key": "abc123...", SECRET_TOKEN=...
            secret(
                    "(?i)(?:api[_-]?key|secret|token|passw(?:or)?d|pwd|access[_-]?key"
                            + "|private[_-]?key|credentials?)[A-Za-z0-9_.-]{0,30}[\"']?\\s{0,3}[:=]\\s{0,3}[\"']?"
                            + "([^\\s\"'`,;<>(){}\\[\\]$]{6,})",
                    1,
                    s -> HAS_DIGIT.test(s)
                            && s.chars().anyMatch(Character::isLetter)
                            && !s.equals(s.toUpperCase(Locale.ROOT)),
                    ":",
                    "="));

    private static final Pattern PRIVATE_KEY_BEGIN =
            Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----");
    private static final Pattern PRIVATE_KEY_END =
            Pattern.compile("-----END [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----");
    private static final Pattern URL = Pattern.compile("\\b(?!file:)[A-Za-z][A-Za-z0-9+.-]{0,20}://[^\\s<>]++");
    private static final Pattern SLACK_ENTITY = Pattern.compile("<[^\\s<>]{1,500}>");
    private static final String SEGMENT = "[\\w.@%+=,~-]++";

    private final SanitiserConfig config;
    private final Pattern paths;
    private final Pattern tools;
    private final Map<String, String> toolWords;
    private final Pattern providers;
    private final Map<String, String> providerWords;

    public Sanitiser(SanitiserConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        StringBuilder path = new StringBuilder("(?:file://|(?<![\\w.~/:-]))/(?:");
        path.append(alternation(config.pathRoots()))
                .append(")(?:/")
                .append(SEGMENT)
                .append(")++/?+");
        path.append("|(?<![\\w.~/-])~/")
                .append(SEGMENT)
                .append("(?:/")
                .append(SEGMENT)
                .append(")*+/?+");
        path.append("|(?<![\\w])[A-Za-z]:\\\\(?:").append(SEGMENT).append("\\\\?+)++");
        if (!config.pathPrefixes().isEmpty()) {
            path.append("|(?<![\\w./-])(?:")
                    .append(alternation(config.pathPrefixes()))
                    .append(")[\\w.@%+=,~/-]*+");
        }
        this.paths = Pattern.compile(path.toString());
        List<String> ids = new ArrayList<>(config.toolNames().keySet());
        List<String> toolStarts = new ArrayList<>(ids);
        toolStarts.addAll(config.toolPrefixes());
        toolStarts.add("the");
        toolStarts.add("`");
        // First-letter look-aheads reject most positions at once instead of trying each name there.
        StringBuilder tool =
                new StringBuilder(firstLetters(toolStarts)).append("(?:\\b(?i:the)\\s{1,3})?(`?)(?<![\\w])(");
        String names = alternation(ids);
        tool.append(names.isEmpty() ? "(?!)" : names);
        for (String prefix : config.toolPrefixes()) {
            tool.append('|').append(Pattern.quote(prefix)).append("[A-Za-z0-9_]+");
        }
        tool.append(")(?![\\w])(`?)(?:\\s{1,3}(?i:tool|function|action)\\b)?");
        this.tools = Pattern.compile(tool.toString());
        this.toolWords = Map.copyOf(config.toolNames());
        Map<String, String> byLower = new HashMap<>();
        config.providers().forEach((name, words) -> byLower.put(name.toLowerCase(Locale.ROOT), words));
        this.providerWords = Map.copyOf(byLower);
        String providerNames = alternation(new ArrayList<>(config.providers().keySet()));
        this.providers = Pattern.compile(
                firstLetters(providerStarts(config)) + "(?:\\b(?:the|a|an)\\s{1,3})?\\b("
                        + (providerNames.isEmpty() ? "(?!)" : providerNames) + ")\\b",
                Pattern.CASE_INSENSITIVE);
    }

    /** The sanitiser with {@link SanitiserConfig#defaults()}. */
    public static Sanitiser defaults() {
        return new Sanitiser(SanitiserConfig.defaults());
    }

    public SanitiserConfig config() {
        return config;
    }

    /** Sanitises {@code text}; never throws, and returns the input unchanged when nothing applies. */
    @Override
    public String apply(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return text;
        }
        String s = redactSecrets(text);
        s = replaceTools(s);
        List<ProtectedCode.Region> protectedRegions = protectedRegions(s);
        Optional<MaskedProse> masked = MaskedProse.mask(s, protectedRegions);
        if (masked.isEmpty()) {
            return s;
        }
        String prose = masked.get().text();
        String cleaned = replacePaths(prose);
        cleaned = replaceProviders(cleaned);
        if (cleaned.equals(prose)) {
            return s;
        }
        return masked.get().restore(cleaned).orElse(s);
    }

    /** Redacts secrets only (code included), leaving paths, tools and providers alone. */
    public String redactSecrets(String text) {
        String s = redactPrivateKeys(text);
        String lower = s.toLowerCase(Locale.ROOT);
        for (SecretPattern secret : SECRETS) {
            if (secret.mayMatch(lower)) {
                s = replaceGroup(s, secret);
            }
        }
        return redactRandomLooking(s);
    }

    private String redactPrivateKeys(String text) {
        if (!text.contains("PRIVATE KEY")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        Matcher begin = PRIVATE_KEY_BEGIN.matcher(text);
        while (begin.find(at)) {
            out.append(text, at, begin.start()).append(config.redaction());
            Matcher end = PRIVATE_KEY_END.matcher(text);
            if (end.find(begin.end())) {
                at = end.end();
            } else {
                at = endOfKeyBody(text, begin.end()); // cut off mid-way: hide every line that still looks like key
            }
        }
        return out.append(text, at, text.length()).toString();
    }

    private static int endOfKeyBody(String text, int from) {
        int i = from;
        while (i < text.length()) {
            int lineEnd = text.indexOf('\n', i + 1);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            String line = text.substring(i, lineEnd).strip();
            boolean keyLine = line.isEmpty() && i == from
                    || line.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '=')
                    || line.contains(":");
            if (!keyLine || line.isEmpty() && i != from) {
                return i;
            }
            i = lineEnd;
        }
        return text.length();
    }

    private String replaceGroup(String s, SecretPattern secret) {
        return secret.pattern().matcher(s).replaceAll(m -> {
            int start = m.start(secret.group());
            int end = m.end(secret.group());
            if (start < 0
                    || secret.bounded() && start > 0 && wordOrDash(s.charAt(start - 1))
                    || !secret.accept().test(m.group(secret.group()))
                    || s.startsWith(config.redaction(), start)) {
                return Matcher.quoteReplacement(m.group());
            }
            return Matcher.quoteReplacement(
                    s.substring(m.start(), start) + config.redaction() + s.substring(end, m.end()));
        });
    }

    /** Long runs of key-like characters with high entropy and mixed case and digits, outside links. */
    private String redactRandomLooking(String s) {
        StringBuilder out = null;
        int at = 0;
        int n = s.length();
        int i = 0;
        boolean inUrl = false; // ids in links (documents, commits) are not secrets
        while (i < n) {
            char c = s.charAt(i);
            if (!keyChar(c)) {
                if (Character.isWhitespace(c) || "<([\"'|".indexOf(c) >= 0) {
                    inUrl = false;
                } else if (c == ':' && s.startsWith("://", i)) {
                    inUrl = true;
                }
                i++;
                continue;
            }
            int start = i;
            while (i < n && keyChar(s.charAt(i))) {
                i++;
            }
            if (i - start < config.minSecretLength() || inUrl) {
                continue;
            }
            for (int[] piece : pieces(s, start, i)) {
                if (looksRandom(s, piece[0], piece[1])) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(s, at, piece[0]).append(config.redaction());
                    at = piece[1];
                }
            }
        }
        return out == null ? s : out.append(s, at, n).toString();
    }

    /**
     * The run itself, or its segments when it reads like a path: two slashes or more, and it starts with a
     * slash or has an all-lower-case word as a segment ("src/main/java"). Base64 keys have slashes too.
     */
    private static List<int[]> pieces(String s, int start, int end) {
        int slashes = 0;
        boolean wordSegment = false;
        int segmentStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || s.charAt(i) == '/') {
                wordSegment |= i - segmentStart >= 3 && allLowerCase(s, segmentStart, i);
                segmentStart = i + 1;
                slashes += i < end ? 1 : 0;
            }
        }
        if (slashes < 2 || !(s.charAt(start) == '/' || wordSegment)) {
            return List.of(new int[] {start, end});
        }
        List<int[]> pieces = new ArrayList<>();
        int from = start;
        for (int i = start; i <= end; i++) {
            if (i == end || s.charAt(i) == '/') {
                pieces.add(new int[] {from, i});
                from = i + 1;
            }
        }
        return pieces;
    }

    private static boolean allLowerCase(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    private boolean looksRandom(String s, int start, int end) {
        int length = end - start;
        if (length < config.minSecretLength()) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int[] counts = new int[128];
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            counts[c]++;
        }
        if (!(upper && lower && digit)) {
            return false; // hex digests, snake_case and plain words are not secrets by shape alone
        }
        if (wordLike(s, start, end)) {
            return false; // CamelCaseIdentifiers2024: most letters sit in runs of lower case
        }
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / length;
                entropy -= p * (Math.log(p) / Math.log(2));
            }
        }
        return entropy >= config.minEntropyBits();
    }

    /**
     * Whether at least 60% of the characters sit in runs of three or more lower-case letters: true for
     * identifiers, true for fewer than one random 32-character key in a thousand.
     */
    private static boolean wordLike(String s, int start, int end) {
        int inWords = 0;
        int run = 0;
        for (int i = start; i <= end; i++) {
            char c = i < end ? s.charAt(i) : ' ';
            if (c >= 'a' && c <= 'z') {
                run++;
            } else {
                if (run >= 3) {
                    inWords += run;
                }
                run = 0;
            }
        }
        return inWords * 10 >= (end - start) * 6;
    }

    private static boolean keyChar(char c) {
        return c >= 'A' && c <= 'Z'
                || c >= 'a' && c <= 'z'
                || c >= '0' && c <= '9'
                || c == '+'
                || c == '/'
                || c == '='
                || c == '_'
                || c == '-';
    }

    private String replaceTools(String s) {
        return tools.matcher(s).replaceAll(m -> {
            boolean wrapped = !m.group(1).isEmpty() && !m.group(3).isEmpty();
            String words = toolWords.getOrDefault(m.group(2), config.toolFallback());
            if (Character.isUpperCase(s.charAt(m.start())) && startsSentence(s, m.start())) {
                words = TonePipeline.capitalise(words);
            }
            if (!wrapped && !(m.group(1).isEmpty() && m.group(3).isEmpty())) {
                // A lone backtick belongs to a longer code span: keep it where it was.
                words = m.group(1) + words + m.group(3);
            }
            return Matcher.quoteReplacement(words);
        });
    }

    private String replacePaths(String prose) {
        Matcher m = paths.matcher(prose);
        if (!m.find()) {
            return prose;
        }
        StringBuilder out = new StringBuilder(prose.length());
        int at = 0;
        do {
            int end = m.end();
            while (end > m.start() + 1 && ".,:;)".indexOf(prose.charAt(end - 1)) >= 0) {
                end--; // sentence punctuation after a path is not part of it
            }
            out.append(prose, at, m.start()).append(plainPath(prose.substring(m.start(), end)));
            at = end;
        } while (m.find(at));
        return out.append(prose, at, prose.length()).toString();
    }

    private String plainPath(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String name = path.substring(cut + 1);
        boolean file = name.length() > 2 && name.indexOf('.') > 0 && name.lastIndexOf('.') < name.length() - 1;
        return file ? name : config.pathReplacement();
    }

    private String replaceProviders(String prose) {
        return providers.matcher(prose).replaceAll(m -> {
            String words = providerWords.getOrDefault(m.group(1).toLowerCase(Locale.ROOT), config.toolFallback());
            if (Character.isUpperCase(prose.charAt(m.start())) && startsSentence(prose, m.start())) {
                words = TonePipeline.capitalise(words);
            }
            return Matcher.quoteReplacement(words);
        });
    }

    /** Whether a sentence starts at {@code index}: after . ! ? or a list, quote or heading marker, or a blank line. */
    private static boolean startsSentence(String s, int index) {
        int i = index - 1;
        while (i >= 0 && (s.charAt(i) == ' ' || s.charAt(i) == '*' || s.charAt(i) == '_')) {
            i--;
        }
        if (i < 0) {
            return true;
        }
        char c = s.charAt(i);
        if (c == '\n') {
            int j = i - 1;
            while (j >= 0 && (s.charAt(j) == ' ' || s.charAt(j) == '\r')) {
                j--;
            }
            return j < 0 || ".!?:\n".indexOf(s.charAt(j)) >= 0; // a line inside a paragraph continues it
        }
        return ".!?>#".indexOf(c) >= 0 || (c == '-' || c == '+') && (i == 0 || s.charAt(i - 1) == '\n');
    }

    private static List<ProtectedCode.Region> protectedRegions(String s) {
        List<ProtectedCode.Region> regions = new ArrayList<>(ProtectedCode.of(s));
        for (Pattern p : List.of(URL, SLACK_ENTITY)) {
            Matcher m = p.matcher(s);
            while (m.find()) {
                regions.add(new ProtectedCode.Region(m.start(), m.end()));
            }
        }
        regions.sort(Comparator.comparingInt(ProtectedCode.Region::start));
        List<ProtectedCode.Region> merged = new ArrayList<>();
        for (ProtectedCode.Region region : regions) {
            if (!merged.isEmpty() && merged.getLast().end() >= region.start()) {
                ProtectedCode.Region last = merged.removeLast();
                merged.add(new ProtectedCode.Region(last.start(), Math.max(last.end(), region.end())));
            } else {
                merged.add(region);
            }
        }
        return merged;
    }

    private static List<String> providerStarts(SanitiserConfig config) {
        List<String> starts = new ArrayList<>(config.providers().keySet());
        starts.addAll(List.of("the", "a", "an"));
        return starts;
    }

    /** {@code (?=[...])} over the first letters of {@code words}, in both cases. */
    private static String firstLetters(List<String> words) {
        StringBuilder out = new StringBuilder("(?=[");
        for (String word : words) {
            char c = word.charAt(0);
            out.append(String.format("\\u%04x\\u%04x", (int) Character.toLowerCase(c), (int) Character.toUpperCase(c)));
        }
        return out.append("])").toString();
    }

    private static String alternation(List<String> literals) {
        List<String> sorted = new ArrayList<>(literals);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder out = new StringBuilder();
        for (String literal : sorted) {
            if (!out.isEmpty()) {
                out.append('|');
            }
            out.append(Pattern.quote(literal));
        }
        return out.toString();
    }

    private static SecretPattern secret(String regex, int group, Predicate<String> accept, String... hints) {
        return new SecretPattern(Pattern.compile(regex), group, accept, List.of(hints), false);
    }

    /**
     * A pattern starting with a literal, which the regex engine finds quickly; the rule that no letter, digit,
     * {@code _} or {@code -} comes just before it is checked in code rather than by a look-behind tried at
     * every position.
     */
    private static SecretPattern bounded(String regex, Predicate<String> accept, String... hints) {
        return new SecretPattern(Pattern.compile(regex), 0, accept, List.of(hints), true);
    }

    private static boolean wordOrDash(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
