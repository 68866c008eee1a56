package dev.lucy.bench;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import dev.lucy.app.slack.SlackCallObserver;
import dev.lucy.app.slack.SlackWebApi;
import dev.lucy.testkit.slack.ChannelType;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code chat.postMessage} against the Slack simulator on loopback, as Lucy made it before (the Slack SDK's
 * client: OkHttp, a form body, the answer read by a Gson built for it) and as it makes it now ({@link SlackWebApi}:
 * the JDK's client, a JSON body, one shared Jackson mapper). The simulator's share of each call is the same on both
 * sides, so the difference is Lucy's.
 *
 * <p>{@code ./lucy bench jmh -f 1 -wi 2 -i 3 SlackCallBenchmark} (add {@code -prof gc} for the bytes allocated per
 * call).
 */
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class SlackCallBenchmark extends MicroBenchmark {
    private SlackSimulator slack;
    private Slack sdk;
    private MethodsClient methods;
    private SlackWebApi web;
    private String channel;

    @Setup
    public void setUp() {
        slack = SlackSimulator.builder()
                .user("ana")
                .channel("general", ChannelType.PUBLIC_CHANNEL, true, "ana")
                .start();
        channel = slack.channelId("general");
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.methodsUrl());
        sdk = Slack.getInstance(config);
        methods = sdk.methods(slack.botToken());
        web = SlackWebApi.create(slack.methodsUrl(), slack.botToken(), SlackCallObserver.ignoring());
    }

    @TearDown
    public void tearDown() throws Exception {
        sdk.close();
        slack.close();
    }

    @Benchmark
    public String sdkPostMessage() throws Exception {
        return methods.chatPostMessage(r ->
                        r.channel(channel).text("The deploy finished at 10:42.").unfurlLinks(false))
                .getTs();
    }

    @Benchmark
    public String lucyPostMessage() throws IOException, InterruptedException {
        return web.call(
                        "chat.postMessage",
                        SlackWebApi.body()
                                .put("channel", channel)
                                .put("text", "The deploy finished at 10:42.")
                                .put("unfurl_links", false))
                .ts();
    }
}
