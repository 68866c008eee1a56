package dev.lucy.app.slack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a {@link SlackCallObserver} about each request the Slack SDK sends to the Web API. Slack answers most errors
 * with HTTP 200 and {@code "ok":false} as the first field of its JSON, so the first bytes of a successful answer are
 * read ahead (without consuming them) to tell the two apart.
 */
final class ObservedWebApi implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger(ObservedWebApi.class);
    /** Web API method names; anything else is reported as {@code other}, so a label never takes arbitrary text. */
    private static final Pattern METHOD = Pattern.compile("[a-z]+(\\.[a-zA-Z]+){1,3}");

    private static final long PEEK_BYTES = 64;

    private final SlackCallObserver observer;

    ObservedWebApi(SlackCallObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String method = method(chain.request().url());
        long start = System.nanoTime();
        Response response;
        SlackCallObserver.Result outcome;
        try {
            response = chain.proceed(chain.request());
        } catch (IOException e) {
            report(method, SlackCallObserver.Result.UNREACHABLE, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        try {
            outcome = outcome(response);
        } catch (IOException e) {
            report(method, SlackCallObserver.Result.UNREACHABLE, took);
            response.close();
            throw e;
        }
        report(method, outcome, took);
        return response;
    }

    static String method(HttpUrl url) {
        List<String> segments = url.pathSegments();
        String last = segments.isEmpty() ? "" : segments.getLast();
        return METHOD.matcher(last).matches() ? last : "other";
    }

    private static SlackCallObserver.Result outcome(Response response) throws IOException {
        int status = response.code();
        if (status == 429) {
            return SlackCallObserver.Result.RATE_LIMITED;
        }
        if (status >= 500) {
            return SlackCallObserver.Result.SERVER_ERROR;
        }
        if (!response.isSuccessful()) {
            return SlackCallObserver.Result.CLIENT_ERROR;
        }
        String head = new String(response.peekBody(PEEK_BYTES).bytes(), StandardCharsets.UTF_8);
        return head.replace(" ", "").contains("\"ok\":false")
                ? SlackCallObserver.Result.SLACK_ERROR
                : SlackCallObserver.Result.OK;
    }

    private void report(String method, SlackCallObserver.Result outcome, Duration took) {
        try {
            observer.webApiCall(method, outcome, took);
        } catch (RuntimeException e) {
            // Metrics never cost a message: the request went through whatever the observer did.
            log.warn("Slack call observer failed: {}", e.toString());
        }
    }
}
