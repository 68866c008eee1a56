package dev.lucy.bench.baseline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the model server's own CPU share: the same number of conversations as a phase, each sending the task's
 * three requests (pre-built bytes, one keep-alive socket per conversation, responses read by length without
 * parsing) at the same concurrency. What this phase costs is the server plus a client that does next to nothing,
 * so subtracting it per request leaves each agent's own work (its HTTP client included).
 */
public final class ServerCalibration {
    private final URI chatCompletions;
    private final List<byte[]> requests;

    /** @param baseUrl the model server's base URL, such as {@code http://127.0.0.1:PORT/v1} */
    public ServerCalibration(String baseUrl, String model) {
        this.chatCompletions = URI.create(baseUrl + "/chat/completions");
        this.requests = requests(chatCompletions, model);
    }

    /** What a calibration phase measured: requests sent (answered or not), those not answered 200, CPU, wall. */
    public record Result(int requests, int failed, long cpuNanos, long wallNanos) {
        public double cpuNanosPerRequest() {
            return requests == 0 ? 0 : (double) cpuNanos / requests;
        }
    }

    public Result run(int conversations) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long cpuBefore;
        long start;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < conversations; i++) {
                threads.submit(() -> {
                    go.await();
                    try (Socket socket = new Socket()) {
                        socket.setTcpNoDelay(true);
                        socket.connect(new InetSocketAddress(chatCompletions.getHost(), chatCompletions.getPort()));
                        OutputStream out = socket.getOutputStream();
                        InputStream in = new BufferedInputStream(socket.getInputStream());
                        for (byte[] request : requests) {
                            out.write(request);
                            out.flush();
                            if (readResponse(in) == 200) {
                                answered.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                    return null;
                });
            }
            cpuBefore = ScenarioDriver.processCpuNanos();
            start = System.nanoTime();
            go.countDown();
        }
        long wall = System.nanoTime() - start;
        long cpu = ScenarioDriver.processCpuNanos() - cpuBefore;
        return new Result(answered.get() + failed.get(), failed.get(), cpu, wall);
    }

    /** The task's three requests as an OpenAI client sends them: the question, then after each tool result. */
    private static List<byte[]> requests(URI uri, String model) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode tools = json.createArrayNode();
        for (String[] tool : new String[][] {
            {ToolTask.FIND_ORDER, ToolTask.FIND_ORDER_DESCRIPTION},
            {ToolTask.TRACK_SHIPMENT, ToolTask.TRACK_SHIPMENT_DESCRIPTION}
        }) {
            ObjectNode function = tools.addObject().put("type", "function").putObject("function");
            function.put("name", tool[0]).put("description", tool[1]);
            try {
                function.set("parameters", json.readTree(ToolTask.SCHEMA));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        ArrayNode messages = json.createArrayNode();
        messages.addObject().put("role", "system").put("content", ToolTask.SYSTEM_PROMPT);
        messages.addObject().put("role", "user").put("content", ToolTask.QUESTION);
        List<byte[]> requests = new ArrayList<>();
        String[][] calls = {
            {ToolTask.FIND_ORDER, ToolTask.ORDER_RESULT}, {ToolTask.TRACK_SHIPMENT, ToolTask.SHIPMENT_RESULT}
        };
        for (int turn = 0; turn <= calls.length; turn++) {
            ObjectNode body = json.createObjectNode().put("model", model);
            body.set("messages", messages.deepCopy());
            body.set("tools", tools);
            requests.add(http(uri, body.toString()));
            if (turn < calls.length) {
                String id = "call_" + turn;
                ObjectNode assistant = messages.addObject().put("role", "assistant");
                ObjectNode call = assistant.putArray("tool_calls").addObject();
                call.put("id", id).put("type", "function");
                call.putObject("function").put("name", calls[turn][0]).put("arguments", ToolTask.ARGUMENTS);
                messages.addObject().put("role", "tool").put("tool_call_id", id).put("content", calls[turn][1]);
            }
        }
        return requests;
    }

    private static byte[] http(URI uri, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + uri.getPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    /** Reads one response (Content-Length or chunked body) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ", 3)[1]);
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16);
                    size > 0;
                    size = Long.parseLong(line(in).trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return code;
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the server closed the connection mid-response");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
