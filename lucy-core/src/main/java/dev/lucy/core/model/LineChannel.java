package dev.lucy.core.model;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands one HTTP response to the calling thread as a queue of items: the status and headers, then the body's
 * lines, then the end or the failure. The caller waits on the queue with its own timeouts, so a stalled server
 * never blocks it beyond them, and cancelling stops the exchange. Lines are requested a few at a time, so a fast
 * server cannot fill memory while a slow listener reads.
 */
final class LineChannel implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<String> {
    private static final int WINDOW = 64;

    sealed interface Item permits Head, Line, End, Failed {}

    record Head(int status, HttpHeaders headers) implements Item {}

    record Line(String text) implements Item {}

    record End() implements Item {}

    record Failed(Throwable error) implements Item {}

    private final LinkedBlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
        items.add(new Head(info.statusCode(), info.headers()));
        return HttpResponse.BodySubscribers.fromLineSubscriber(this, s -> null, StandardCharsets.UTF_8, null);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(String line) {
        items.add(new Line(line));
    }

    @Override
    public void onError(Throwable error) {
        items.add(new Failed(error));
    }

    @Override
    public void onComplete() {
        items.add(new End());
    }

    /** The exchange failed before or outside the body (connect, TLS, headers, timeout). */
    void failed(Throwable error) {
        items.add(new Failed(error));
    }

    /** The next item, or null when none came within {@code timeout}. */
    Item poll(Duration timeout) throws InterruptedException {
        Item item = items.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        if (item instanceof Line) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }
        return item;
    }

    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
