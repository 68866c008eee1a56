package dev.lucy.core.model;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands one HTTP response to the calling thread as items: the status and headers, then the body's lines, then the
 * end or the failure. The caller waits with its own timeouts, so a stalled server never blocks it beyond them, and
 * cancelling stops the exchange.
 *
 * <p>The body arrives as the network delivers it and is split into lines on the calling thread ({@code \n},
 * {@code \r\n} or {@code \r}, as server-sent events allow): one hand-over per network read rather than per line.
 * Reads are requested a few at a time, so a fast server cannot fill memory while a slow listener reads. The
 * receiving side is thread safe; {@link #poll} is for the one calling thread.
 */
final class LineChannel implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<List<ByteBuffer>> {
    private static final int WINDOW = 16;

    sealed interface Item permits Head, Line, End, Failed {}

    record Head(int status, HttpHeaders headers) implements Item {}

    record Line(String text) implements Item {}

    record End() implements Item {}

    record Failed(Throwable error) implements Item {}

    /** What the network side hands over: the head, a read's worth of bytes, the end or a failure. */
    private record Bytes(List<ByteBuffer> buffers) {}

    private final int maxLineBytes;
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    // Calling-thread state: lines split but not yet handed out, and the bytes of an unfinished line.
    private final ArrayDeque<Item> ready = new ArrayDeque<>();
    private final PartialLine partial = new PartialLine();
    private boolean afterCarriageReturn;

    /** @param maxLineBytes a longer line is handed out in pieces of this size, for the caller's size checks */
    LineChannel(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
        received.add(new Head(info.statusCode(), info.headers()));
        return HttpResponse.BodySubscribers.fromSubscriber(this);
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
    public void onNext(List<ByteBuffer> buffers) {
        received.add(new Bytes(buffers));
    }

    @Override
    public void onError(Throwable error) {
        received.add(new Failed(error));
    }

    @Override
    public void onComplete() {
        received.add(new End());
    }

    /** The exchange failed before or outside the body (connect, TLS, headers, timeout). */
    void failed(Throwable error) {
        received.add(new Failed(error));
    }

    /** The next item, or null when none came within {@code timeout}. */
    Item poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (ready.isEmpty()) {
            Object next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            switch (next) {
                case null -> {
                    return null;
                }
                case Bytes bytes -> {
                    for (ByteBuffer buffer : bytes.buffers()) {
                        split(buffer);
                    }
                    Flow.Subscription s = subscription;
                    if (s != null) {
                        s.request(1);
                    }
                }
                case End end -> {
                    if (partial.length() > 0) {
                        emitLine();
                    }
                    ready.add(end);
                }
                case Item item -> ready.add(item);
                default -> throw new IllegalStateException("unexpected " + next);
            }
        }
        return ready.poll();
    }

    /**
     * Splits one network read into lines. Scans for the next line break and copies the bytes before it in one go
     * (a read usually holds whole events), rather than byte by byte.
     */
    private void split(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (buffer.get(buffer.position()) == '\n') {
                    buffer.position(buffer.position() + 1); // the \n of a \r\n: the line already ended at \r
                    continue;
                }
            }
            int start = buffer.position();
            int limit = buffer.limit();
            // Never more than fits in the current line, so an overlong line is still handed out in pieces.
            int room = Math.max(1, maxLineBytes - partial.length());
            int scanEnd = start + Math.min(limit - start, room);
            int end = start;
            while (end < scanEnd) {
                byte b = buffer.get(end);
                if (b == '\n' || b == '\r') {
                    break;
                }
                end++;
            }
            if (end < scanEnd) {
                byte lineBreak = buffer.get(end);
                emitLine(buffer, start, end - start);
                buffer.position(end + 1);
                afterCarriageReturn = lineBreak == '\r';
            } else {
                partial.append(buffer, start, end - start);
                buffer.position(end);
                if (partial.length() >= maxLineBytes) {
                    emitLine(buffer, end, 0);
                }
            }
        }
    }

    /** Ends the current line with {@code length} more bytes of {@code buffer} from {@code from}. */
    private void emitLine(ByteBuffer buffer, int from, int length) {
        // Line breaks never occur inside a multi-byte UTF-8 sequence, so each line decodes on its own.
        String text;
        if (partial.length() == 0) {
            text = decode(buffer, from, length);
        } else {
            partial.append(buffer, from, length);
            text = partial.decode();
            partial.reset();
        }
        ready.add(new Line(text));
    }

    private void emitLine() {
        ready.add(new Line(partial.decode()));
        partial.reset();
    }

    private static String decode(ByteBuffer buffer, int from, int length) {
        if (length == 0) {
            return "";
        }
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + from, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        buffer.get(from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes of a line that continues in the next read; used by the calling thread only. */
    private static final class PartialLine {
        private byte[] bytes = new byte[256];
        private int length;

        int length() {
            return length;
        }

        void append(ByteBuffer buffer, int from, int count) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
            }
            buffer.get(from, bytes, length, count);
            length += count;
        }

        String decode() {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }

        void reset() {
            length = 0;
        }
    }

    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
