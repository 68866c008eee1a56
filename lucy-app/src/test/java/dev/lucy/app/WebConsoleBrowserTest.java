package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.web.WebConsole;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's headless Chromium, driven by Selenium) against the bot as {@code ./lucy}
 * runs it, with the Slack simulator and the scripted model: a mention shows up as a run with its trace, a fact told in
 * Slack is found and forgotten in the browser and then no longer recalled, and a browser without a session sees only
 * the sign-in. Each page's screenshot goes to {@code target/console-screenshots/}, or to the folder the system property
 * {@code lucy.screenshots} names: {@code -Dlucy.screenshots=../docs/console} refreshes the ones docs/console.md shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebConsoleBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS =
            Path.of(System.getProperty("lucy.screenshots", "target/console-screenshots"));
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** The model the scripted server answers as (the default model), priced high so a few tokens cost cents. */
    private static final String PRICED = dev.lucy.app.config.LucyConfig.DEFAULT_MODEL;

    private SlackSimulator slack;
    private ScriptedModelServer model;
    private BotCommand.Running bot;
    private WebConsole console;
    private WebDriver browser;

    @BeforeAll
    void start(@TempDir Path dataDir, @TempDir Path browserProfile) {
        slack = SlackSimulator.builder().channel("general").start();
        model = ScriptedModelServer.start();
        bot = BotCommand.start(BotSettings.against(
                slack,
                model,
                dataDir,
                Map.of("LUCY_OPS_PORT", "off", "LUCY_MODEL_PRICES", PRICED + "=1000/2000, another/model=1/2")));
        slack.awaitTrue("the bot to be ready", WAIT, bot.app()::ready);
        console = bot.console().orElseThrow();
        browser = chromium(browserProfile);
    }

    /** Debian's Chromium, headless, with nothing that reaches the network on its own, in a fresh profile. */
    static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Alice tells Lucy {@code message} in Slack; the fact it stores, the one holding {@code words}. */
    private Fact toldInSlack(String message, String words) {
        SlackMessage told = slack.user("alice").mentionsBot("general", message);
        slack.awaitBotReply(told, WAIT);
        String team = slack.teamId();
        return slack.await(
                "the fact to be stored",
                WAIT,
                () -> bot.app().engine().memoryAdmin().list(FactQuery.workspace(team)).stream()
                        .filter(f -> f.text().contains(words))
                        .findFirst());
    }

    @AfterAll
    void stop() {
        WebConsoleBrowserTest.stop(browser, bot, model, slack);
    }

    /** Quits the browser, then stops the bot, the model server and the simulator, whatever fails on the way. */
    static void stop(WebDriver browser, BotCommand.Running bot, ScriptedModelServer model, SlackSimulator slack) {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            try {
                if (bot != null) {
                    bot.close();
                }
            } finally {
                model.close();
                slack.close();
            }
        }
    }

    @Test
    void a_mention_in_slack_shows_up_as_a_run_with_its_trace() throws IOException {
        signIn();
        SlackMessage question = slack.user("alice").mentionsBot("general", "summarise the plan for the launch");
        SlackMessage answer = slack.awaitBotReply(question, WAIT);

        open("/runs");
        slack.awaitTrue("the run to be listed", WAIT, () -> {
            browser.navigate().refresh();
            return !browser.findElements(By.cssSelector("table.runs tbody tr")).isEmpty();
        });
        WebElement run = browser.findElement(By.cssSelector("table.runs tbody tr"));
        assertThat(run.getText()).contains(slack.user("alice").id(), "answered");
        assertThat(browser.findElement(By.cssSelector("table.usage tbody")).getText())
                .as("today's tokens")
                .contains(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        screenshot("runs");

        clickAndLoad(run.findElement(By.partialLinkText("Trace")));
        String timeline = browser.findElement(By.cssSelector("ol.timeline")).getText();
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Run ");
        assertThat(browser.findElement(By.cssSelector("dl.summary")).getText())
                .contains("interactive", "Queue wait", slack.user("alice").id())
                .containsPattern(
                        "By model\\s+" + java.util.regex.Pattern.quote(PRICED) + ": [0-9,]+ prompt \\+ [0-9,]+ answer");
        assertThat(timeline)
                .contains("MODEL CALL", "model call 1")
                .contains("prompt +")
                .contains(answer.text().substring(0, Math.min(40, answer.text().length())));
        screenshot("run");
    }

    @Test
    void a_fact_told_in_slack_is_found_and_forgotten_in_the_browser_and_then_no_longer_recalled() throws IOException {
        String team = slack.teamId();
        Fact fact = toldInSlack("Remember our Q1 target is $800K", "$800K");
        assertThat(asked("What is our Q1 target?"))
                .as("recalled before it is forgotten")
                .contains("$800K");

        signIn();
        open("/memory");
        browser.findElement(By.id("q")).sendKeys("Q1 target");
        browser.findElement(By.cssSelector("form[role=search] button")).click();
        // the click returns before the search's answer has loaded, and the page before it lists the fact too
        slack.awaitTrue(
                "the search's answer", WAIT, () -> browser.getCurrentUrl().contains("q=Q1+target"));
        WebElement found = slack.await(
                "the fact to be found",
                WAIT,
                () -> browser.findElements(By.xpath("//li[.//p[contains(., '$800K')]]")).stream()
                        .findFirst());
        assertThat(found.getText()).contains(fact.id(), "holds");
        screenshot("memory");

        found.findElement(By.cssSelector("button.danger")).click();
        // the click returns before the answer to the form has loaded
        assertThat(slack.await(
                                "the forget's answer",
                                WAIT,
                                () -> browser.findElements(By.cssSelector("[role=status]")).stream()
                                        .findFirst())
                        .getText())
                .contains("Forgotten");
        assertThat(browser.findElement(By.cssSelector("ul.audit")).getText()).contains("operator forgot " + fact.id());
        assertThat(bot.app().engine().memoryAdmin().inspect(team, fact.id())).isEmpty();

        assertThat(asked("What was our Q1 target again?"))
                .as("no longer recalled")
                .doesNotContain("$800K");
    }

    @Test
    void the_playground_answers_through_the_runtime_as_slack_would_show_it_and_links_the_runs_trace()
            throws IOException {
        signIn();
        open("/playground");
        browser.findElement(By.id("message")).sendKeys("compare **three** vendors for the launch");
        clickAndLoad(browser.findElement(By.cssSelector("form.playground button")));

        WebElement answer = slack.await("the playground's answer", WAIT, () -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector(".slack .slack-message")).stream()
                    .findFirst();
        });
        assertThat(answer.getText()).contains("You said:", "vendors for the launch");
        assertThat(answer.findElement(By.tagName("strong")).getText())
                .as("drawn from Slack's mrkdwn")
                .isEqualTo("three");
        assertThat(slack.messages("general"))
                .as("nothing of it went to Slack")
                .noneMatch(m -> m.text().contains("vendors for the launch"));
        slack.awaitTrue("the run's trace to be linked", WAIT, () -> {
            browser.navigate().refresh();
            return !browser.findElements(By.partialLinkText("See this run's trace"))
                    .isEmpty();
        });
        screenshot("playground");
    }

    @Test
    void the_operations_page_shows_the_live_state_and_what_todays_tokens_cost_at_the_configured_price()
            throws IOException {
        SlackMessage asked = slack.user("bob").mentionsBot("general", "draft the release notes for friday");
        slack.awaitBotReply(asked, WAIT);
        signIn();
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        WebElement row = slack.await("today's cost to be shown", WAIT, () -> {
            open("/operations");
            return browser.findElements(By.cssSelector("table.costs tbody tr")).stream()
                    .filter(r -> r.getText().contains(today) && r.getText().contains(PRICED))
                    .findFirst();
        });
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("Queue and runs", "Runs waiting in the queue", "Slack connected", "Run traces");
        assertThat(row.getText())
                .as("the priced model's tokens cost dollars (another model, unpriced, would say \"no price set\")")
                .contains(slack.teamId())
                .containsPattern(java.util.regex.Pattern.quote(PRICED)
                        + ": [0-9,]+ tokens \\([0-9,]+ in, [0-9,]+ out\\) in [0-9]+ requests?, \\$[0-9]");
        screenshot("operations");
    }

    @Test
    void the_memory_page_downloads_the_workspaces_facts_and_another_workspaces_admin_cannot() throws Exception {
        String team = slack.teamId();
        Fact fact = toldInSlack("Remember we decided to launch on May 2", "May 2");

        signIn();
        open("/memory");
        String json = browser.findElement(By.linkText("JSON")).getAttribute("href");
        String csv = browser.findElement(By.linkText("CSV")).getAttribute("href");
        String cookie = "lucy_console="
                + browser.manage().getCookieNamed("lucy_console").getValue();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> download = http.send(
                HttpRequest.newBuilder(URI.create(json))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).startsWith("attachment"));
        com.fasterxml.jackson.databind.JsonNode exported =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(download.body());
        assertThat(exported.path("workspace").asText()).isEqualTo(team);
        assertThat(exported.path("facts").findValuesAsText("id")).contains(fact.id());
        assertThat(download.body()).contains("May 2", "\"tier\"", "\"subject\"", "\"statedBy\"", "\"validFrom\"");
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(csv))
                                        .header("Cookie", cookie)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .startsWith("id,tier,subject,text")
                .contains(fact.id());

        String other = console.sessions()
                .open(dev.lucy.app.web.Grant.of("U_OTHER_ADMIN", java.util.Set.of("T_OTHER")))
                .id();
        HttpResponse<String> refused = http.send(
                HttpRequest.newBuilder(url("/memory/export?workspace=" + team + "&format=json"))
                        .header("Cookie", "lucy_console=" + other)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("May 2");
    }

    @Test
    void the_playground_follows_up_in_the_same_conversation_and_switches_between_the_scripted_and_configured_model()
            throws IOException {
        signIn();
        open("/playground");
        browser.findElement(By.id("message")).sendKeys("show the launch plan as a table");
        browser.findElement(By.id("model-scripted")).click();
        clickAndLoad(browser.findElement(By.cssSelector("form.playground button")));
        WebElement scripted = slack.await("the scripted model's answer", WAIT, () -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector("section.conversation .said.lucy .slack")).stream()
                    .filter(e -> e.getText().contains("scripted model"))
                    .findFirst();
        });
        assertThat(scripted.getText()).contains("show the launch plan as a table", "first message");
        assertThat(scripted.getAttribute("innerHTML"))
                .as("the table, drawn as Slack shows it")
                .contains("Setting", "Earlier messages");

        WebElement conversation = browser.findElement(By.cssSelector("section.conversation"));
        conversation.findElement(By.cssSelector("form.follow-up textarea")).sendKeys("and who owns each step?");
        assertThat(conversation
                        .findElement(By.cssSelector("form.follow-up input[value=scripted]"))
                        .isSelected())
                .as("the conversation keeps its model")
                .isTrue();
        clickAndLoad(conversation.findElement(By.cssSelector("form.follow-up button")));
        WebElement followUp = slack.await("the scripted follow-up", WAIT, () -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector("section.conversation .said.lucy .slack")).stream()
                    .filter(e -> e.getText().contains("who owns each step"))
                    .findFirst();
        });
        assertThat(followUp.getText())
                .as("the follow-up is given the thread so far")
                .contains("Earlier in this conversation: 1 message and", "show the launch plan as a table");
        slack.awaitTrue("the scripted run's trace beside it, naming the scripted model", WAIT, () -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector("section.conversation aside.trace")).stream()
                    .anyMatch(e -> e.getText().contains("lucy/scripted-playground"));
        });
        assertThat(model.requests())
                .as("the scripted model asked no model for the run")
                .noneMatch(r -> r.lastUserText().orElse("").endsWith("and who owns each step?"));

        conversation = browser.findElement(By.cssSelector("section.conversation"));
        conversation.findElement(By.cssSelector("form.follow-up textarea")).sendKeys("now ask the real one");
        conversation
                .findElement(By.cssSelector("form.follow-up input[value=configured]"))
                .click();
        clickAndLoad(conversation.findElement(By.cssSelector("form.follow-up button")));
        slack.await("the configured model's answer", WAIT, () -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector("section.conversation .said.lucy .slack")).stream()
                    .filter(e ->
                            e.getText().contains("You said:") && e.getText().contains("now ask the real one"))
                    .findFirst();
        });
        ModelRequest real = model.requests().stream()
                .filter(r -> r.lastUserText().orElse("").contains("now ask the real one"))
                .findFirst()
                .orElseThrow();
        assertThat(String.join(
                        "\n",
                        real.messages().stream()
                                .map(m -> Optional.ofNullable(m.content()).orElse(""))
                                .toList()))
                .as("the configured model is given the same thread")
                .contains("show the launch plan as a table", "who owns each step", "scripted model");
        slack.awaitTrue("the trace beside the conversation", WAIT, () -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector("section.conversation aside.trace ol.timeline")).stream()
                            .anyMatch(e -> e.getText().contains("MODEL CALL"))
                    && browser.findElements(By.partialLinkText("See this run's trace"))
                                    .size()
                            >= 3;
        });
        screenshot("playground-conversation");
    }

    @Test
    void a_browser_without_a_session_sees_only_the_sign_in_and_a_form_without_its_token_is_refused() throws Exception {
        browser.manage().deleteAllCookies();
        open("/memory");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in to Lucy's console");
        assertThat(browser.getPageSource()).doesNotContain("Search facts");
        screenshot("signin");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page =
                http.send(HttpRequest.newBuilder(url("/runs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(401);

        HttpResponse<Void> signedIn = http.send(
                HttpRequest.newBuilder(console.newSignInLink()).build(), HttpResponse.BodyHandlers.discarding());
        String cookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("lucy_console="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];
        HttpResponse<String> forged = http.send(
                HttpRequest.newBuilder(url("/memory/forget"))
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("workspace=" + slack.teamId() + "&fact=any"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    /** What the model was given for {@code question}, asked in Slack by another person: every message, joined. */
    private String asked(String question) {
        SlackMessage asked = slack.user("bob").mentionsBot("general", question);
        slack.awaitBotReply(asked, WAIT);
        ModelRequest request = model.requests().stream()
                .filter(r -> r.lastUserText().orElse("").contains(question))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no model request for \"" + question + "\""));
        return String.join(
                "\n",
                request.messages().stream()
                        .map(m -> Optional.ofNullable(m.content()).orElse(""))
                        .toList());
    }

    /**
     * Clicks a form's button or a link and waits for the page it leads to. The click may return before that page has
     * loaded; a refresh in between aborts the navigation, and a lookup finds the page before it.
     */
    private void clickAndLoad(WebElement target) {
        JavascriptExecutor page = (JavascriptExecutor) browser;
        page.executeScript("window.lucyLeft = false"); // the page the click leads to has no such mark
        target.click();
        new WebDriverWait(browser, WAIT)
                .ignoring(WebDriverException.class) // asked between two pages, the browser may answer with an error
                .until(driver -> Boolean.TRUE.equals(page.executeScript(
                        "return window.lucyLeft === undefined && document.readyState === 'complete'")));
    }

    private void signIn() {
        browser.get(console.newSignInLink().toString());
        assertThat(browser.getCurrentUrl()).endsWith("/runs");
    }

    private void open(String path) {
        browser.get(url(path).toString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + console.port() + path);
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
