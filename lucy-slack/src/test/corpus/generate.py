#!/usr/bin/env python3
"""Writes the formatter corpus: typical model answers built from varied parts, plus hand-written edge cases.

Deterministic (seeded), so re-running it reproduces the same files. Run from this directory:
    python3 generate.py ../resources/corpus
"""
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "../resources/corpus"
os.makedirs(out, exist_ok=True)
rnd = random.Random(7)

TOPICS = ["the checkout service", "the billing pipeline", "our login flow", "the search index", "the mobile app",
          "the data warehouse", "the onboarding emails", "the payments API", "the CI runners", "the analytics dashboard"]
HEADINGS = ["Summary", "TL;DR", "Findings", "Results", "Root cause", "Next steps", "Recommendations", "Risks",
            "Background", "Timeline", "Open questions", "Action items", "Conclusion", "Details", "Errors seen",
            "Known limitations", "Performance", "Cost estimate", "Sources", "Implementation"]
LINKS = ["https://github.com/acme/checkout/pull/{n}", "https://github.com/acme/checkout/issues/{n}",
         "https://github.com/acme/checkout/commit/3f9a2c1{n}beef", "https://github.com/acme/checkout",
         "https://linear.app/acme/issue/ENG-{n}/fix-timeouts", "https://acme.atlassian.net/browse/OPS-{n}",
         "https://acme.atlassian.net/wiki/spaces/ENG/pages/{n}/Release+Process",
         "https://docs.google.com/document/d/1AbC{n}/edit", "https://docs.google.com/spreadsheets/d/1XyZ{n}/edit#gid=0",
         "https://docs.google.com/presentation/d/1Q{n}/edit", "https://drive.google.com/file/d/1F{n}/view",
         "https://www.notion.so/acme/Q3-Roadmap-0123456789abcdef0123456789abcd{n:02d}"[:0] +
         "https://www.notion.so/acme/Q3-Roadmap-0123456789abcdef0123456789abcdef",
         "https://www.figma.com/design/Ab{n}/Checkout-Redesign?node-id=1-2", "https://status.example.com/incidents/{n}",
         "https://en.wikipedia.org/wiki/Exponential_backoff", "https://grafana.acme.io/d/{n}/latency"]
CODE = {
    "python": "def retry(fn, attempts=3):\n    for i in range(attempts):\n        try:\n            return fn()\n        except TimeoutError as e:\n            if i == attempts - 1:\n                raise\n    return None",
    "java": "public int score(List<Item> items) {\n    return items.stream()\n        .filter(i -> i.price() > 0 && i.qty() < 10)\n        .mapToInt(Item::qty)\n        .sum();\n}",
    "sql": "SELECT user_id, COUNT(*) AS orders\nFROM orders\nWHERE created_at > NOW() - INTERVAL '7 days'\nGROUP BY user_id\nHAVING COUNT(*) >= 3;",
    "bash": "kubectl rollout restart deployment/checkout -n prod\nkubectl get pods -n prod | grep checkout\necho \"done\" > /tmp/status && cat /tmp/status",
    "json": "{\n  \"retries\": 3,\n  \"timeout_ms\": 2500,\n  \"hosts\": [\"a.internal\", \"b.internal\"]\n}",
    "typescript": "export async function fetchUser(id: string): Promise<User | null> {\n  const res = await fetch(`/api/users/${id}`);\n  return res.ok ? res.json() : null;\n}",
    "yaml": "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test",
    "": "2026-03-02T10:14:07Z ERROR upstream timed out (reason=<deadline>) after 30000ms\n2026-03-02T10:14:09Z WARN retrying 2/3",
}
SENTENCES = [
    "The p95 latency went from 420 ms to 1.8 s after the deploy at 14:02 UTC.",
    "Most of the errors come from a single tenant with an unusually large cart.",
    "I checked the last 7 days of logs & found 1,204 timeouts, all on the `/v2/checkout` route.",
    "The retry policy doubles the load on the database when the upstream is slow.",
    "Rolling back fixed the symptom but not the cause.",
    "We should add a circuit breaker around the tax service call.",
    "The flag `new_pricing` is still on for 10% of traffic.",
    "Costs are about $1,200/month at current volume, roughly 3x what we budgeted.",
    "Note that values < 0 are treated as missing, and values > 100 are clamped.",
    "This matches what **Dana** reported in the incident channel yesterday.",
    "The *old* behaviour is kept behind a flag until the migration is done.",
    "Nothing in the change touches authentication, so the risk is ~low~ moderate at most.",
    "See the dashboard for the full breakdown by region.",
    "If the queue depth exceeds 10k, alerts fire within 2 minutes.",
    "I could not reproduce it locally with the sample data.",
]


def link(i):
    return LINKS[i % len(LINKS)].format(n=100 + i)


def para(k):
    return " ".join(rnd.choice(SENTENCES) for _ in range(k))


def bullets(n, nested=False, tasks=False, ordered=False):
    lines = []
    for i in range(n):
        marker = f"{i + 1}." if ordered else "-"
        box = ("[x] " if rnd.random() < 0.5 else "[ ] ") if tasks else ""
        text = rnd.choice(SENTENCES)
        if rnd.random() < 0.3:
            text = f"**{text.split(' ')[0]}** " + " ".join(text.split(' ')[1:])
        lines.append(f"{marker} {box}{text}")
        if nested and rnd.random() < 0.5:
            lines.append(f"   - {rnd.choice(SENTENCES)}")
            if rnd.random() < 0.4:
                lines.append(f"     - `detail {i}` with {link(i)}")
    return "\n".join(lines)


def table(rows, cols):
    headers = ["Service", "p50", "p95", "Errors", "Owner", "Status", "Region", "Cost"][:cols]
    align = ["---", "--:", "--:", ":-:", "---", "---", "---", "--:"][:cols]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(align) + "|"]
    for r in range(rows):
        cells = [f"svc-{r}", f"{rnd.randint(10, 90)} ms", f"{rnd.randint(100, 900)} ms", f"{rnd.randint(0, 40)}",
                 rnd.choice(["@dana", "team-core", "`infra`", "**Lee**"]), rnd.choice(["ok", "degraded", "down"]),
                 rnd.choice(["eu-west-1", "us-east-1"]), f"${rnd.randint(1, 9)}00"][:cols]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def code():
    lang = rnd.choice(list(CODE))
    return f"```{lang}\n{CODE[lang]}\n```"


def answer(kind, i):
    topic = rnd.choice(TOPICS)
    parts = []
    if kind == "incident":
        parts += [f"## Summary", f"{topic.capitalize()} had elevated errors. {para(2)}",
                  "## Timeline", bullets(4, ordered=True), "## Root cause", para(3),
                  f"Tracked in {link(i)} and {link(i + 1)}.", "## Next steps", bullets(3, tasks=True)]
    elif kind == "howto":
        parts += [f"Here's how to fix it in {topic}:", bullets(3, ordered=True), code(),
                  f"Then run `make deploy` and watch {link(i)}.", para(1)]
    elif kind == "compare":
        parts += [f"### Comparison", para(1), table(rnd.randint(2, 6), rnd.randint(3, 6)),
                  "**Recommendation:** " + rnd.choice(SENTENCES)]
    elif kind == "report":
        for h in rnd.sample(HEADINGS, rnd.randint(4, 8)):
            parts.append(f"## {h}")
            r = rnd.random()
            if r < 0.3:
                parts.append(para(rnd.randint(2, 6)))
            elif r < 0.55:
                parts.append(bullets(rnd.randint(2, 6), nested=True))
            elif r < 0.7:
                parts.append(table(rnd.randint(2, 8), rnd.randint(2, 5)))
            elif r < 0.85:
                parts.append(code())
            else:
                parts.append("> " + para(2) + "\n> \n> " + rnd.choice(SENTENCES))
            if rnd.random() < 0.4:
                parts.append(f"More: {link(i + len(parts))}")
            if rnd.random() < 0.2:
                parts.append("---")
    elif kind == "long":
        for s in range(rnd.randint(10, 18)):
            parts.append(f"## {rnd.choice(HEADINGS)} {s + 1}")
            parts.append(para(rnd.randint(6, 14)))
            parts.append(bullets(rnd.randint(3, 8), nested=True))
            if rnd.random() < 0.4:
                parts.append(code())
    elif kind == "chat":
        parts += [para(rnd.randint(1, 3))]
        if rnd.random() < 0.5:
            parts.append(f"Relevant: {link(i)}")
        if rnd.random() < 0.5:
            parts.append(bullets(rnd.randint(2, 4)))
    elif kind == "checklist":
        parts += [f"# Launch checklist for {topic}", bullets(rnd.randint(4, 9), tasks=True, nested=True),
                  f"Owner: <@U0{rnd.randint(100000, 999999)}> · channel <#C0{rnd.randint(10000, 99999)}|launches>"]
    return "\n\n".join(parts) + "\n"


KINDS = ["incident", "howto", "compare", "report", "long", "chat", "checklist"]
count = 0
for i in range(112):
    kind = KINDS[i % len(KINDS)]
    with open(os.path.join(out, f"{i + 1:03d}-{kind}.md"), "w") as f:
        f.write(answer(kind, i))
    count += 1

EDGE = {
    "empty": "",
    "whitespace-only": "   \n\n\t\n",
    "bold-italic-mix": "***bold italic*** and **bold _nested italic_ bold** and *italic **nested bold***",
    "emphasis-next-to-letters": "un**believ**able, snake_case_name, 2*3*4, file_name.py and **x**y",
    "cjk-emphasis": "这是**重要**的。日本語の*強調*テスト。한국어 **강조** 테스트。",
    "punctuation-emphasis": "Use **\"quoted\"** and *(parenthesised)* and **bold**, then **done**.",
    "tilde-in-strike": "~~rm -rf ~/.cache and ~/tmp~~ is gone; ~approx 5 min~ stays.",
    "escaping": "if a < b && c > d then x &= y; AT&T <3 and -> arrows <- and 5 > 3",
    "entities-pass-through": "Ping <@U024BE7LH> and <@W0123ABCD> in <#C0123ABC|eng-alerts> or <#C0456DEF>, cc <!subteam^S0614TZR7|@oncall> :white_check_mark: :tada:",
    "broadcasts": "<!here> the deploy is done. <!channel> please check. <!everyone> too. And @here @channel @everyone in text. email me@here.com",
    "slack-style-links": "See <https://example.com/runbook|the runbook> and <https://github.com/acme/app/pull/9> and <mailto:ops@example.com|ops>.",
    "html-stripped": "<div align=\"center\"><img src=\"x.png\" onerror=\"alert(1)\"><h1>Title</h1><p>Para with <b>bold</b> &amp; <i>it</i></p></div>\n\n<script>alert('x')</script>\n\nText <span style=\"color:red\">red</span> and <br> break <!-- comment -->",
    "inline-html-and-entities": "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>. 5 &lt; 6 &amp;&amp; 7 &gt; 6. Copyright &copy; 2026.",
    "nested-quotes": "> Level one\n> > Level two\n> > > Level three\n> back to one\n\nAfter.",
    "quote-with-list-and-code": "> Steps:\n> 1. first\n> 2. second\n>\n> ```\n> code in quote\n> ```",
    "deep-nested-lists": "- a\n  - b\n    - c\n      - d\n        - e\n          - f\n1. one\n   1. one.one\n      1. one.one.one",
    "task-lists": "- [ ] open task\n- [x] done task\n- [X] done capital\n  - [ ] nested open\n1. [x] ordered done\n- [] not a task\n- [ ]",
    "ordered-start": "3. three\n4. four\n10. ten\n\n0. zero start",
    "loose-list": "- first paragraph\n\n  second paragraph of first item\n\n- second item\n\n  ```\n  code in item\n  ```",
    "code-fence-languages": "```python\nprint('hi')\n```\n\n~~~ruby\nputs 'hi'\n~~~\n\n```\nno language\n```\n\n    indented code\n    block",
    "code-with-backticks": "````markdown\nUse ```js to open a fence\n```\n````\n\nInline ``code with ` backtick`` and `` `edge` ``.",
    "code-with-specials": "```html\n<div class=\"a\">&nbsp;</div>\n<@U123> <!here> *not bold* _not italic_\n```",
    "unclosed-fence": "Start\n\n```python\ndef unfinished():\n    pass\n",
    "links-variety": "[Docs](https://example.com/docs \"title\"), [relative](../x.md), [js](javascript:alert(1)), [empty]() and [ref][1]\n\n[1]: https://example.com/ref",
    "autolinks-bare": "https://github.com/acme/app/pull/42 https://github.com/acme/app/issues/7 https://github.com/acme/app/commit/abcdef1234567 https://github.com/acme/app www.example.org/path https://linear.app/acme/issue/ENG-123/x https://acme.atlassian.net/browse/OPS-1 mailto:a@b.co ops@example.com",
    "autolinks-google-notion-figma": "https://docs.google.com/document/d/1/edit https://docs.google.com/spreadsheets/d/2 https://docs.google.com/presentation/d/3 https://drive.google.com/drive/folders/4 https://www.notion.so/acme/Plan-0123456789abcdef0123456789abcdef https://www.figma.com/file/AbC/Mobile-App https://acme.atlassian.net/wiki/spaces/X/pages/1/Runbook",
    "lookalike-hosts": "https://github.com.evil.example/a/b/pull/1 https://evilgithub.com/a/b/pull/1 https://linear.app.attacker.io/x/issue/ENG-1 https://atlassian.net.evil.example/browse/OPS-1",
    "url-with-specials": "https://example.com/search?q=a|b&x=<y> and [t](https://example.com/a_(b)_c)",
    "images": "![Architecture diagram](https://example.com/arch.png)\n\n![](https://example.com/noalt.png)\n\nInline ![icon](https://example.com/i.png) here.",
    "headings-all-levels": "# H1 Summary\n## H2 Results\n### H3 Next steps\n#### H4 Warnings\n##### H5 Details\n###### H6 plain\n\nSetext Title\n============\n\nSetext Sub\n----------",
    "heading-with-formatting": "## **Bold** heading with `code` and [link](https://example.com)\n\n## 🚀 Already has emoji\n\n## :rocket: Shortcode emoji",
    "very-long-heading": "## " + "Very long heading words " * 12,
    "thematic-breaks": "Above\n\n---\n\nMiddle\n\n***\n\n___\n\nBelow",
    "hard-breaks": "Line one  \nLine two\\\nLine three\nSoft continued",
    "table-alignment": "| Left | Center | Right |\n|:-----|:------:|------:|\n| a | b | c |\n| longer cell | x | 1,234.5 |",
    "table-with-inline": "| Name | Notes |\n|---|---|\n| **Ann** | uses `a|b` pipes \\| escaped |\n| [Bo](https://example.com) | ~~old~~ new |",
    "table-cjk-emoji": "| 名前 | 状態 |\n|---|---|\n| 田中 | ✅ 完了 |\n| 李雷 | 🚧 |",
    "table-ragged": "| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |",
    "table-wide": "| " + " | ".join(f"c{i}" for i in range(25)) + " |\n|" + "---|" * 25 + "\n| " + " | ".join(str(i) for i in range(25)) + " |",
    "table-long": "| # | value |\n|---|---|\n" + "".join(f"| {i} | row {i} |\n" for i in range(130)),
    "two-tables": "| a | b |\n|---|---|\n| 1 | 2 |\n\nBetween.\n\n| c | d |\n|---|---|\n| 3 | 4 |",
    "giant-paragraph": ("This is a sentence in a very long paragraph that keeps going. " * 900).strip(),
    "giant-code": "```\n" + "".join(f"line {i}: value = compute({i}) < limit && ok\n" for i in range(1500)) + "```",
    "giant-word": "x" * 45000,
    "many-small-blocks": "\n\n".join(f"Paragraph {i}." for i in range(120)),
    "pathological-nesting": ">" * 200 + " deep\n\n" + "- " * 100 + "list\n\n" + "*" * 300 + "stars" + "*" * 300,
    "unbalanced-markers": "**not closed and *also not and `tick and [bracket and ~~strike",
    "backslash-escapes": "\\*not italic\\* \\_not\\_ \\`not code\\` \\# not heading \\[not link\\](x)",
    "emoji-shortcodes": ":smile: :+1: :white_check_mark: :thinking_face: and unicode 😀👍🏽 and :not emoji: time 10:30:15",
    "mixed-newlines": "Windows\r\nline\r\nendings\r\n\r\nand\rold mac",
    "control-chars": "nul\u0000char, bell\u0007, zero\u200bwidth, rtl\u202eoverride, bom\ufeff",
    "model-preamble": "Great question! I'd be happy to help. Here's a summary:\n\n**Short answer:** yes.\n\nHope this helps! Let me know if you have any other questions.",
    "footnotes-and-extras": "Text with footnote[^1] and ==highlight== and H~2~O and x^2^.\n\n[^1]: The note.",
    "definition-like": "Term\n: Definition one\n\nAPI\n: Application programming interface",
}
for name, text in EDGE.items():
    count += 1
    with open(os.path.join(out, f"{count:03d}-edge-{name}.md"), "w", newline="") as f:
        f.write(text)
print(count, "documents")
