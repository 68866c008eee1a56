package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.slack.SlackOAuthConfig;
import dev.lucy.app.web.SlackSignIn;
import dev.lucy.app.web.WebConsole;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * "Sign in with Slack" on the web console, in headless Chromium against the bot as {@code ./lucy} runs it, with the
 * Slack simulator (its OpenID Connect pages, RS256-signed ID tokens and key set) and the scripted model. Lucy serves
 * two workspaces (the second installed through OAuth on the operations endpoint); a third has not installed it. An
 * admin of the first sees the first's runs and nothing of the second's; a member who is not an admin, and an admin of
 * the third, are refused; a state used twice, made up, or brought back by another browser signs nobody in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInWithSlackBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS =
            Path.of(System.getProperty("lucy.screenshots", "target/console-screenshots"));
    private static final String SECOND = "T0SECOND01";
    private static final String THIRD = "T0THIRD001";
    private static final Pattern RUN_LINK = Pattern.compile("href=\"/runs/([^\"?]+)\"");

    private SlackSimulator slack;
    private ScriptedModelServer model;
    private BotCommand.Running bot;
    private WebConsole console;
    private WebDriver browser;
    private String secondRunId;

    @BeforeAll
    void start(@TempDir Path dataDir, @TempDir Path browserProfile) throws Exception {
        slack = SlackSimulator.builder()
                .admin("dana")
                .user("alice")
                .channel("general")
                .workspace(SECOND, "Second Company", "second")
                .adminIn(SECOND, "carol")
                .channelIn(SECOND, "support")
                .workspace(THIRD, "Third Company", "third")
                .adminIn(THIRD, "erin")
                .start();
        model = ScriptedModelServer.start();
        bot = BotCommand.start(BotSettings.against(
                slack,
                model,
                dataDir,
                Map.of(
                        "SLACK_CLIENT_ID", slack.clientId(),
                        "SLACK_CLIENT_SECRET", slack.clientSecret(),
                        "LUCY_SLACK_AUTHORIZE_URL", slack.authorizeUrl().toString(),
                        "LUCY_SLACK_OPENID_URL", slack.openIdUrl().toString())));
        slack.awaitTrue("the bot to be ready", WAIT, bot.app()::ready);
        console = bot.console().orElseThrow();

        slack.installNextInto(SECOND);
        try (HttpClient installer = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {
            URI install = URI.create("http://127.0.0.1:" + bot.opsPort().orElseThrow() + SlackOAuthConfig.INSTALL_PATH);
            assertThat(installer
                            .send(HttpRequest.newBuilder(install).build(), HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("Lucy is installed");
        }
        SlackMessage first = slack.user("dana").mentionsBot("general", "summarise the launch plan for us");
        slack.awaitBotReply(first, WAIT);
        SlackMessage second = slack.user("carol").mentionsBot("support", "summarise the refund backlog please");
        slack.awaitBotReply(second, WAIT);
        secondRunId = slack.await(
                "the second workspace's run to be traced",
                WAIT,
                () -> runIds(SECOND).stream().findFirst());

        browser = WebConsoleBrowserTest.chromium(browserProfile);
    }

    @AfterAll
    void stop() {
        WebConsoleBrowserTest.stop(browser, bot, model, slack);
    }

    @BeforeEach
    void signedOut() {
        browser.manage().deleteAllCookies();
    }

    @Test
    void an_admin_of_one_workspace_signs_in_with_slack_and_sees_its_runs_and_nothing_of_the_other() throws Exception {
        slack.signInNextAs("dana");
        open("/signin");
        screenshot("signin-slack");
        browser.findElement(By.linkText("Sign in with Slack")).click();
        slack.awaitTrue("the runs page", WAIT, () -> browser.getCurrentUrl().contains("/runs"));

        slack.awaitTrue("dana's run to be listed", WAIT, () -> {
            browser.navigate().refresh();
            return !browser.findElements(By.cssSelector("table.runs tbody tr")).isEmpty();
        });
        String page = browser.findElement(By.tagName("main")).getText();
        assertThat(page)
                .contains(slack.user("dana").id())
                .doesNotContain(slack.user("carol").id());
        assertThat(browser.getPageSource()).as("not offered in the picker").doesNotContain(SECOND);

        open("/runs?workspace=" + SECOND);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        open("/runs/" + secondRunId);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Run not found");
        open("/memory?workspace=" + SECOND);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        open("/operations");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
    }

    @Test
    void a_member_who_is_not_an_admin_is_refused_and_gets_no_session() {
        slack.signInNextAs("alice");
        open("/signin");
        browser.findElement(By.linkText("Sign in with Slack")).click();

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Only for workspace admins");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("admins and owners");
        open("/runs");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in to Lucy's console");
    }

    @Test
    void an_admin_of_a_workspace_without_lucy_is_refused() {
        slack.signInNextAs("erin");
        open("/signin");
        browser.findElement(By.linkText("Sign in with Slack")).click();

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Lucy is not in this workspace");
        open("/runs");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in to Lucy's console");
    }

    @Test
    void a_state_used_twice_made_up_or_brought_back_by_another_browser_signs_nobody_in() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            slack.signInNextAs("dana");
            Flow flow = begin(http);
            HttpResponse<String> signedIn = callback(http, flow.callback(), Optional.of(flow.cookie()));
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(sessionCookie(signedIn)).isPresent();

            HttpResponse<String> replayed = callback(http, flow.callback(), Optional.of(flow.cookie()));
            assertThat(replayed.statusCode()).isEqualTo(400);
            assertThat(replayed.body()).contains("already used");
            assertThat(sessionCookie(replayed)).isEmpty();

            slack.signInNextAs("dana");
            Flow made = begin(http);
            URI forged = URI.create(made.callback().toString().replaceAll("state=[^&]+", "state=made-up-state"));
            HttpResponse<String> madeUp = callback(http, forged, Optional.of(made.cookie()));
            assertThat(madeUp.statusCode()).isEqualTo(400);
            assertThat(sessionCookie(madeUp)).isEmpty();

            slack.signInNextAs("dana");
            Flow started = begin(http);
            HttpResponse<String> elsewhere = callback(http, started.callback(), Optional.empty());
            assertThat(elsewhere.statusCode())
                    .as("another browser, without the cookie")
                    .isEqualTo(400);
            assertThat(sessionCookie(elsewhere)).isEmpty();
            HttpResponse<String> otherCookie = callback(http, started.callback(), Optional.of(made.cookie()));
            assertThat(otherCookie.statusCode()).isEqualTo(400);
        }
    }

    /** A sign-in started as a browser would: the console's cookie, and where Slack sends the browser back. */
    private record Flow(String cookie, URI callback) {}

    private Flow begin(HttpClient http) throws Exception {
        HttpResponse<String> start = http.send(
                HttpRequest.newBuilder(url(SlackSignIn.START_PATH)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(303);
        String cookie = start.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("lucy_console_slack="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Lax");
        HttpResponse<String> authorize = http.send(
                HttpRequest.newBuilder(URI.create(
                                start.headers().firstValue("Location").orElseThrow()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(authorize.statusCode()).isEqualTo(302);
        URI back = URI.create(authorize.headers().firstValue("Location").orElseThrow());
        assertThat(back.getPath()).isEqualTo(SlackSignIn.CALLBACK_PATH);
        return new Flow(cookie.split(";")[0], back);
    }

    private static HttpResponse<String> callback(HttpClient http, URI to, Optional<String> cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(to);
        cookie.ifPresent(c -> request.header("Cookie", c));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> sessionCookie(HttpResponse<String> answer) {
        return answer.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("lucy_console=") && !c.startsWith("lucy_console=;"))
                .findFirst();
    }

    /** The runs of {@code workspace}, as the operator sees them. */
    private List<String> runIds(String workspace) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Void> link = http.send(
                    HttpRequest.newBuilder(console.newSignInLink()).build(), HttpResponse.BodyHandlers.discarding());
            String cookie = link.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("lucy_console="))
                    .findFirst()
                    .orElseThrow()
                    .split(";")[0];
            String page = http.send(
                            HttpRequest.newBuilder(url("/runs?workspace=" + workspace))
                                    .header("Cookie", cookie)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher runs = RUN_LINK.matcher(page);
            List<String> ids = new java.util.ArrayList<>();
            while (runs.find()) {
                ids.add(runs.group(1));
            }
            return ids;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
