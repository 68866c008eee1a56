package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.slack.api.methods.SlackApiException;
import dev.lucy.app.slack.SlackCallObserver.Result;
import dev.lucy.testkit.slack.RateLimits;
import dev.lucy.testkit.slack.SlackSimulator;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** What the transport tells its observer about each Web API request, against the simulator's real answers. */
class ObservedWebApiTest {

    record Call(String method, Result outcome, Duration took) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final SlackCallObserver recording = (method, outcome, took) -> calls.add(new Call(method, outcome, took));

    @Test
    void tells_answers_slack_errors_and_rate_limits_apart_by_method() throws Exception {
        try (SlackSimulator slack = SlackSimulator.builder().channel("general").start();
                SlackTransport transport = SlackTransport.create(
                        config(slack.methodsUrl(), slack.botToken(), slack.appToken()), recording)) {
            slack.rateLimits(RateLimits.off().with("conversations.history", 1, Duration.ofMinutes(1)));
            String general = slack.channelId("general");

            transport.botUserId();
            assertThat(calls)
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call)
                            .extracting(Call::method, Call::outcome)
                            .containsExactly("auth.test", Result.OK));
            calls.clear();
            assertThat(transport
                            .methods()
                            .chatPostMessage(r -> r.channel("C-NOWHERE").text("hi"))
                            .getError())
                    .isEqualTo("channel_not_found");
            assertThat(transport
                            .methods()
                            .conversationsHistory(r -> r.channel(general))
                            .isOk())
                    .isTrue();
            assertThatThrownBy(() -> transport.methods().conversationsHistory(r -> r.channel(general)))
                    .isInstanceOf(SlackApiException.class);

            assertThat(calls)
                    .extracting(Call::method, Call::outcome)
                    .containsExactly(
                            tuple("chat.postMessage", Result.SLACK_ERROR),
                            tuple("conversations.history", Result.OK),
                            tuple("conversations.history", Result.RATE_LIMITED));
            assertThat(calls).allSatisfy(call -> assertThat(call.took()).isPositive());
        }
    }

    @Test
    void a_slack_that_cannot_be_reached_is_reported_as_unreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (SlackTransport transport = SlackTransport.create(
                config("http://127.0.0.1:" + closedPort + "/api/", "xoxb-1", "xapp-1"), recording)) {
            assertThatThrownBy(transport::botUserId).isInstanceOf(RuntimeException.class);
        }

        assertThat(calls).isNotEmpty().allSatisfy(call -> {
            assertThat(call.method()).isEqualTo("auth.test");
            assertThat(call.outcome()).isEqualTo(Result.UNREACHABLE);
        });
    }

    @Test
    void a_path_that_is_no_method_name_is_reported_as_other() {
        assertThat(ObservedWebApi.method(HttpUrl.get("https://slack.com/api/chat.postMessage")))
                .isEqualTo("chat.postMessage");
        assertThat(ObservedWebApi.method(HttpUrl.get("https://slack.com/api/admin.users.session.reset")))
                .isEqualTo("admin.users.session.reset");
        assertThat(ObservedWebApi.method(HttpUrl.get("https://slack.com/api/<script>")))
                .isEqualTo("other");
        assertThat(ObservedWebApi.method(HttpUrl.get("https://slack.com/"))).isEqualTo("other");
    }

    private static SlackTransportConfig config(String webApiUrl, String botToken, String appToken) {
        return SlackTransportConfig.builder()
                .botToken(botToken)
                .appToken(appToken)
                .webApiUrl(webApiUrl)
                .build();
    }
}
