package dev.lucy.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials in text, so that Lucy neither remembers, logs nor shows them: API keys, tokens, passwords,
 * private keys and the passwords in connection strings. Create it with {@link #defaults()}.
 *
 * <p>What it knows:
 *
 * <ul>
 *   <li>token shapes: OpenAI, Anthropic and OpenRouter keys ({@code sk-...}), Slack tokens ({@code xoxb-},
 *       {@code xoxp-}, {@code xapp-}, ...) and webhooks, GitHub ({@code ghp_}, {@code github_pat_}), GitLab
 *       ({@code glpat-}), AWS access key ids ({@code AKIA}, {@code ASIA}), Google ({@code AIza}), Stripe
 *       ({@code sk_live_}, {@code rk_live_}), Hugging Face ({@code hf_}), npm ({@code npm_}), JWTs, and
 *       {@code Bearer} and {@code Basic} credentials;
 *   <li>PEM private key blocks ({@code -----BEGIN ... PRIVATE KEY-----});
 *   <li>connection strings with a password ({@code postgres://user:pass@host});
 *   <li>phrases and assignments that name a secret: "my password is X", "the api key for staging is X",
 *       "api key: X", {@code pwd=X}, {@code DB_PASSWORD=X}, {@code "client_secret": "X"}, "secret is X", where X
 *       looks like a secret: it has a digit or a symbol, upper case after lower case, or is long (24 characters
 *       or more). So "the token is expired" and "my password manager is 1Password" are not credentials;
 *       placeholders ({@code ${API_KEY}}, {@code <your-token>}, {@code ****}) are not either.
 * </ul>
 *
 * <p>A {@link Credential}'s span covers what must be hidden and no more: the recognisable prefix of a token
 * ({@code sk-}, {@code xoxb-}) and the words that name a secret ("password is", {@code Bearer}) stay outside it, so
 * redacted text still says what was there ({@code sk-[redacted API key]}, {@code my password is
 * [redacted password]}). Redacted text holds no credential any more: redacting again changes nothing.
 *
 * <p>Immutable and thread safe. Its cost is linear in the text, whatever the text: every pattern starts at a
 * boundary (a look-behind, so it is not retried inside a run of the characters it consumes), its connectors are
 * bounded repetitions, its body a possessive one that never backtracks, and matching resumes after each match.
 * Patterns run only on text holding one of their hints ({@code sk-}, {@code password}, ...), so most text costs
 * one lower-casing and a few {@code contains}.
 */
public final class Secrets {

    /** What kind of credential was found; {@link #label()} names it for people. */
    public enum Kind {
        API_KEY("API key"),
        TOKEN("token"),
        PASSWORD("password"),
        PRIVATE_KEY("private key"),
        SECRET("secret");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The kind in plain words, lower case but for proper nouns: {@code API key}, {@code password}. */
        public String label() {
            return label;
        }
    }

    /**
     * One credential in a text: its kind and the span to hide, {@code [start, end)}.
     *
     * @param kind what it is
     * @param start the index of its first character to hide
     * @param end the index after its last character to hide
     */
    public record Credential(Kind kind, int start, int end) {
        public Credential {
            Objects.requireNonNull(kind, "kind");
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("a credential spans at least one character: " + start + ".." + end);
            }
        }
    }

    /**
     * A credential's shape. {@code group} is the part to hide; {@code named}: group 1 is the word that names the
     * secret and says its kind ("password", "api_key"). {@code hints}: lower-case strings one of which the text must
     * contain for the pattern to run.
     */
    private record Rule(Pattern pattern, int group, Kind kind, boolean named, Acceptance accept, List<String> hints) {
        boolean mayMatch(String lowerCaseText) {
            for (String hint : hints) {
                if (lowerCaseText.contains(hint)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether a match is a credential, given the text and the matcher on it; {@code null} span when it is not. */
    @FunctionalInterface
    private interface Acceptance {
        /** The span to hide, {@code {start, end}}, or {@code null} when the match is not a credential. */
        int[] span(Matcher m, int group);
    }

    private static final Acceptance ANY = (m, group) -> new int[] {m.start(group), m.end(group)};
    private static final Acceptance WITH_DIGIT =
            (m, group) -> hasDigit(m.group(group)) ? new int[] {m.start(group), m.end(group)} : null;
    private static final Acceptance SECRET_LOOKING = (m, group) -> value(m, group, false);

    private static final Acceptance BASE64_LOOKING = (m, group) -> {
        String v = m.group(group);
        boolean base64 = hasDigit(v) || v.endsWith("=") || v.length() >= 12 && hasCaseChange(v);
        return base64 ? new int[] {m.start(group), m.end(group)} : null;
    };

    /**
     * Where a token may not start: inside a run of token characters, so that "task-..." holds no {@code sk-} key.
     * Distinctive prefixes ({@code xoxb-}, {@code ghp_}) do without it: they are found even when glued to a word.
     */
    private static final String START = "(?<![A-Za-z0-9_-])";

    private static final String VALUE_FIRST = "[^\\s\"'`<>\\[\\](){},;]";
    private static final String VALUE_REST = "[^\\s\"'`<>]";
    /** A phrase's value: a quote or backtick may open it; what a placeholder or a mask starts with may not. */
    private static final String VALUE = "[\"'`]?(" + VALUE_FIRST + VALUE_REST + "{3,}+)";

    private static final String PASSWORD_WORDS = "passwords?|passwd|passphrase|pass ?code|pwd|pin(?:[ _-]?code)?";
    private static final String API_KEY_WORDS = "api[ _-]?keys?|api[ _-]?tokens?|access[ _-]?keys?";
    private static final String TOKEN_WORDS = "(?:access|auth|refresh|bot|app)[ _-]?tokens?|tokens?";
    private static final String SECRET_WORDS = "client[ _-]?secrets?|secret[ _-]?keys?|secrets?|credentials?";
    private static final String PRIVATE_KEY_WORDS = "private[ _-]?keys?";
    private static final Pattern PASSWORD_KEYWORD = Pattern.compile("(?i)" + PASSWORD_WORDS);
    /** A named value: numbers are secrets when the name is a password's or a pin's. */
    private static final Acceptance NAMED_VALUE =
            (m, group) -> value(m, group, PASSWORD_KEYWORD.matcher(m.group(1)).matches());

    private static final String KEYWORDS =
            PRIVATE_KEY_WORDS + "|" + API_KEY_WORDS + "|" + TOKEN_WORDS + "|" + SECRET_WORDS + "|" + PASSWORD_WORDS;

    /**
     * "password: X", "api_key = X", {@code "secret": "X"}, "the password for staging is X", "my token is now X".
     * The key word may end an identifier ({@code DB_PASSWORD}) but not start a longer one ({@code token_count}); in
     * a query string ({@code ?password=...&}) it is the query rule's.
     */
    private static final Pattern PHRASE = Pattern.compile("(?i)(?<![A-Za-z0-9?&])(" + KEYWORDS + ")(?![A-Za-z0-9_])"
            + "(?:[\"']?\\s{0,3}(?::=|=>|[:=])\\s{0,3}"
            + "|(?:\\s{1,3}(?:for|of|on|to|in|at|with|from)(?:\\s{1,3}[^\\s:=]{1,30}){1,4}?)?"
            + "\\s{1,3}(?:is|was|are|=)(?:\\s{1,3}(?:now|still|just|set to))?\\s{0,3}:?\\s{1,3})"
            + VALUE);

    private static final List<Rule> RULES = List.of(
            rule(START + "sk-([A-Za-z0-9_-]{16,}+)", Kind.API_KEY, WITH_DIGIT, "sk-"),
            rule(START + "[sr]k_(?:live|test)_([A-Za-z0-9]{16,}+)", Kind.API_KEY, ANY, "k_live_", "k_test_"),
            rule("xox[abposre]-([A-Za-z0-9-]{10,}+)", Kind.TOKEN, ANY, "xox"),
            rule("xapp-([A-Za-z0-9-]{10,}+)", Kind.TOKEN, ANY, "xapp-"),
            rule(
                    "hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9/_-]{10,}+)",
                    Kind.TOKEN,
                    ANY,
                    "hooks.slack.com/"),
            rule("gh[pousr]_([A-Za-z0-9]{30,}+)", Kind.TOKEN, ANY, "ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
            rule("github_pat_([A-Za-z0-9_]{30,}+)", Kind.TOKEN, ANY, "github_pat_"),
            rule("glpat-([A-Za-z0-9_-]{20,}+)", Kind.TOKEN, ANY, "glpat-"),
            rule("(?<![A-Za-z0-9])(?:AKIA|ASIA)([A-Z0-9]{16})(?![A-Za-z0-9])", Kind.API_KEY, ANY, "akia", "asia"),
            rule(START + "AIza([A-Za-z0-9_-]{30,}+)", Kind.API_KEY, ANY, "aiza"),
            rule(START + "hf_([A-Za-z0-9]{30,}+)", Kind.TOKEN, ANY, "hf_"),
            rule("npm_([A-Za-z0-9]{30,}+)", Kind.TOKEN, ANY, "npm_"),
            rule(
                    START + "(eyJ[A-Za-z0-9_-]{8,}+\\.eyJ[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]{8,}+)",
                    Kind.TOKEN,
                    ANY,
                    "eyj"),
            rule("(?i)(?<![A-Za-z0-9])bearer\\s{1,3}([A-Za-z0-9._~+/-]{8,}+=*+)", Kind.TOKEN, SECRET_LOOKING, "bearer"),
            rule(
                    "(?<![A-Za-z0-9])[Bb]asic\\s{1,3}([A-Za-z0-9+/]{8,}+={0,2}+)(?![A-Za-z0-9/+=])",
                    Kind.TOKEN,
                    BASE64_LOOKING,
                    "basic"),
            // user:password@host in any URL; the user may be empty (redis://:password@host)
            rule(
                    "(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\\s:/@<>]{0,100}+:([^\\s@/<>]{1,200}+)@",
                    Kind.PASSWORD,
                    ANY,
                    "://"),
            // ?password=...&, &api_key=..., &sig=...: the value ends at the next parameter
            new Rule(
                    Pattern.compile("(?i)[?&](" + KEYWORDS + "|key|sig|signature|auth)=([^&\\s#<>\"']{4,}+)"),
                    2,
                    Kind.SECRET,
                    true,
                    NAMED_VALUE,
                    List.of("=")),
            new Rule(
                    PHRASE,
                    2,
                    Kind.SECRET,
                    true,
                    NAMED_VALUE,
                    List.of("pass", "pwd", "pin", "key", "token", "secret", "credential")));

    private static final Pattern PRIVATE_KEY_BEGIN =
            Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern PRIVATE_KEY_END =
            Pattern.compile("-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----");

    private static final Secrets DEFAULTS = new Secrets();
    private static final String MASK_PREFIX = "[redacted ";

    private Secrets() {}

    /** Lucy's detector, with the rules above. */
    public static Secrets defaults() {
        return DEFAULTS;
    }

    /** The credentials in {@code text}, in order and not overlapping; empty when there are none. */
    public List<Credential> find(String text) {
        Objects.requireNonNull(text, "text");
        List<Credential> found = new ArrayList<>();
        scan(text, found, false);
        return merged(found);
    }

    /** Whether {@code text} holds a credential. */
    public boolean contains(String text) {
        Objects.requireNonNull(text, "text");
        return scan(text, new ArrayList<>(), true);
    }

    /**
     * {@code text} with each credential replaced by a mask that names its kind ({@code [redacted API key]}); the
     * same instance when there was none.
     */
    public String redact(String text) {
        return redact(text, c -> mask(c.kind()));
    }

    /**
     * The kinds of credential that {@link #redact(String)} masked in {@code text}, in {@link Kind} order: text kept
     * masked and read again (a message resumed after a restart, or run by another replica) still says what it held.
     */
    public Set<Kind> masked(String text) {
        Objects.requireNonNull(text, "text");
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (text.contains(MASK_PREFIX)) {
            for (Kind kind : Kind.values()) {
                if (text.contains(mask(kind))) {
                    kinds.add(kind);
                }
            }
        }
        return kinds;
    }

    private static String mask(Kind kind) {
        return MASK_PREFIX + kind.label() + "]";
    }

    /** {@code text} with each credential replaced by {@code mask}'s text for it; the same instance when there was none. */
    public String redact(String text, Function<Credential, String> mask) {
        Objects.requireNonNull(mask, "mask");
        List<Credential> found = find(text);
        if (found.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Credential c : found) {
            out.append(text, at, c.start()).append(mask.apply(c));
            at = c.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Adds what it finds to {@code found}; with {@code firstOnly}, stops at the first and says whether there was one. */
    private static boolean scan(String text, List<Credential> found, boolean firstOnly) {
        if (text.isEmpty()) {
            return false;
        }
        if (privateKeys(text, found, firstOnly) && firstOnly) {
            return true;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            if (rule.mayMatch(lower) && apply(rule, text, found, firstOnly) && firstOnly) {
                return true;
            }
        }
        return !found.isEmpty();
    }

    private static boolean apply(Rule rule, String text, List<Credential> found, boolean firstOnly) {
        Matcher m = rule.pattern().matcher(text);
        boolean any = false;
        while (m.find()) {
            int[] span = rule.accept().span(m, rule.group());
            if (span != null && span[1] > span[0]) {
                found.add(new Credential(kindOf(rule, m), span[0], span[1]));
                any = true;
                if (firstOnly) {
                    return true;
                }
            }
        }
        return any;
    }

    private static Kind kindOf(Rule rule, Matcher m) {
        if (!rule.named()) {
            return rule.kind();
        }
        String word = m.group(1).toLowerCase(Locale.ROOT);
        if (PASSWORD_KEYWORD.matcher(word).matches()) {
            return Kind.PASSWORD;
        } else if (word.startsWith("private")) {
            return Kind.PRIVATE_KEY;
        } else if (word.startsWith("api") || word.startsWith("access") && word.contains("key")) {
            return Kind.API_KEY;
        } else if (word.contains("token")) {
            return Kind.TOKEN;
        }
        return Kind.SECRET;
    }

    /** PEM private key blocks, from BEGIN to END, or to the end of the text when the block is cut off. */
    private static boolean privateKeys(String text, List<Credential> found, boolean firstOnly) {
        if (!text.contains("PRIVATE KEY")) {
            return false;
        }
        boolean any = false;
        Matcher begin = PRIVATE_KEY_BEGIN.matcher(text);
        Matcher end = PRIVATE_KEY_END.matcher(text);
        int at = 0;
        while (at < text.length() && begin.find(at)) {
            int stop = end.find(begin.end()) ? end.end() : text.length();
            found.add(new Credential(Kind.PRIVATE_KEY, begin.start(), stop));
            any = true;
            if (firstOnly) {
                return true;
            }
            at = stop;
        }
        return any;
    }

    /** Sorted by start, overlapping spans joined (the earliest one's kind wins). */
    private static List<Credential> merged(List<Credential> found) {
        if (found.size() < 2) {
            return List.copyOf(found);
        }
        found.sort(Comparator.comparingInt(Credential::start).thenComparing(c -> -c.end()));
        List<Credential> out = new ArrayList<>();
        Credential current = found.get(0);
        for (int i = 1; i < found.size(); i++) {
            Credential next = found.get(i);
            if (next.start() < current.end()) {
                if (next.end() > current.end()) {
                    current = new Credential(current.kind(), current.start(), next.end());
                }
            } else {
                out.add(current);
                current = next;
            }
        }
        out.add(current);
        return List.copyOf(out);
    }

    /**
     * The span of a phrase's value when it looks like a secret: trailing punctuation is left out, and so are
     * words, numbers (unless the phrase names a password or pin), placeholders and code.
     */
    private static int[] value(Matcher m, int group, boolean digitsMayBeSecret) {
        int start = m.start(group);
        String text = m.group(group);
        int masked = text.indexOf("[redacted");
        int length = masked >= 0 ? masked : text.length(); // what an earlier redaction left is no secret
        boolean call = false;
        while (length > 0 && ".,;:)]}([{\"'`".indexOf(text.charAt(length - 1)) >= 0) {
            call |= "([{".indexOf(text.charAt(length - 1)) >= 0;
            length--;
        }
        if (call) {
            return null; // code reading it from somewhere: os.environ["API_KEY"], getPassword()
        }
        // "the token is expired!": judged without a closing ! or ?, which are hidden with the value all the same
        int judged = length;
        while (judged > 0 && ".!?".indexOf(text.charAt(judged - 1)) >= 0) {
            judged--;
        }
        return looksSecret(text.substring(0, judged), digitsMayBeSecret) ? new int[] {start, start + length} : null;
    }

    /** What stands for a secret without being one: {@code ${API_KEY}}, {@code %TOKEN%}, {@code API_KEY}, {@code ****}. */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?:\\$\\{?|%)[A-Za-z_][A-Za-z0-9_.]*+[}%]?" + "|[A-Z][A-Z0-9]*+(?:_[A-Z0-9]++)++|(.)\\1*+");

    private static boolean looksSecret(String v, boolean digitsMayBeSecret) {
        if (v.length() < 4
                || v.contains("...")
                || v.contains("\u2026")
                || PLACEHOLDER.matcher(v).matches()) {
            return false;
        }
        boolean digit = false;
        boolean letter = false;
        boolean symbol = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isDigit(c)) {
                digit = true;
            } else if (Character.isLetter(c)) {
                letter = true;
            } else if ("-'.,".indexOf(c) < 0) {
                symbol = true;
            }
        }
        if (!letter && !symbol) {
            return digit && digitsMayBeSecret;
        }
        return digit || symbol || hasCaseChange(v) || v.length() >= 24;
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** An upper-case letter right after a lower-case one: "hunTer", "CorrectHorse"; not "JWT-based" or "Monday". */
    private static boolean hasCaseChange(String s) {
        for (int i = 1; i < s.length(); i++) {
            if (Character.isUpperCase(s.charAt(i)) && Character.isLowerCase(s.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static Rule rule(String regex, Kind kind, Acceptance accept, String... hints) {
        return new Rule(Pattern.compile(regex), 1, kind, false, accept, List.of(hints));
    }
}
