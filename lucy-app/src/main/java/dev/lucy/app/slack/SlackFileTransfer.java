package dev.lucy.app.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest;
import dev.lucy.app.files.FileRef;
import dev.lucy.app.files.FileTransfer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's side of {@link FileTransfer}. Downloads a shared file's {@code url_private_download} with the bot token
 * ({@code Authorization: Bearer}), following Slack's redirects itself: the token goes along only to the same host
 * and scheme, never to another one, and a sign-in page (HTML where a file was asked for) counts as a refusal, which
 * is how Slack answers a token without {@code files:read}. Uploads with Slack's current flow:
 * {@code files.getUploadURLExternal}, a POST of the bytes to the URL it gives, then
 * {@code files.completeUploadExternal} into the conversation's thread. Thread safe; both calls block.
 */
public final class SlackFileTransfer implements FileTransfer {
    static final int MAX_REDIRECTS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(SlackFileTransfer.class);

    private final MethodsClient methods;
    private final java.util.function.UnaryOperator<String> tokenFor;
    private final HttpClient http;

    public SlackFileTransfer(MethodsClient methods, String botToken) {
        this(methods, id -> botToken);
        Objects.requireNonNull(botToken, "botToken");
    }

    /**
     * Transfers with the token of the workspace a file or channel belongs to: {@code tokenFor} maps a file id (for a
     * download) or a channel id (for an upload) to its workspace's bot token ({@link SlackWorkspaces#tokenFor}).
     */
    public SlackFileTransfer(MethodsClient methods, java.util.function.UnaryOperator<String> tokenFor) {
        this.methods = Objects.requireNonNull(methods, "methods");
        this.tokenFor = Objects.requireNonNull(tokenFor, "tokenFor");
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public Download download(FileRef file, long maxBytes) {
        URI first;
        try {
            first = URI.create(file.downloadUrl());
        } catch (IllegalArgumentException e) {
            return new Download.Refused("no download address");
        }
        URI at = first;
        boolean withToken = true;
        String botToken = tokenFor.apply(file.id());
        try {
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                HttpRequest.Builder request =
                        HttpRequest.newBuilder(at).timeout(TIMEOUT).GET();
                if (withToken) {
                    request.header("Authorization", "Bearer " + botToken);
                }
                HttpResponse<InputStream> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status >= 300 && status < 400) {
                    response.body().close();
                    Optional<String> location = response.headers().firstValue("Location");
                    if (location.isEmpty()) {
                        return new Download.Refused("a redirect without a location");
                    }
                    URI next = at.resolve(location.get());
                    // The token goes only where it came from: the same scheme and host.
                    withToken = withToken && sameOrigin(first, next);
                    at = next;
                    continue;
                }
                try (InputStream body = response.body()) {
                    if (status != 200) {
                        return new Download.Refused("HTTP " + status);
                    }
                    String type = response.headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .toLowerCase(Locale.ROOT);
                    if (type.startsWith("text/html")
                            && !file.mimetype().toLowerCase(Locale.ROOT).contains("html")) {
                        return new Download.Refused("a sign-in page instead of the file");
                    }
                    long length = response.headers()
                            .firstValueAsLong("Content-Length")
                            .orElse(-1);
                    if (length > maxBytes) {
                        return new Download.TooLarge(length);
                    }
                    return readBounded(body, maxBytes);
                }
            }
            return new Download.Refused("too many redirects");
        } catch (IOException e) {
            return new Download.Refused(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Download.Refused("interrupted");
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme())
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }

    private static Download readBounded(InputStream in, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                return new Download.TooLarge(total);
            }
            out.write(buffer, 0, n);
        }
        return new Download.Fetched(out.toByteArray());
    }

    @Override
    public boolean upload(String conversationId, OutFile file) {
        SlackConversation conversation = SlackConversation.parse(conversationId);
        byte[] bytes = file.content().getBytes(StandardCharsets.UTF_8);
        String token = tokenFor.apply(conversation.channel());
        try {
            var url = methods.filesGetUploadURLExternal(
                    r -> r.token(token).filename(file.name()).length(bytes.length));
            if (!url.isOk()) {
                log.warn("Slack refused an upload URL for {}: {}", conversationId, url.getError());
                return false;
            }
            HttpResponse<String> posted = http.send(
                    HttpRequest.newBuilder(URI.create(url.getUploadUrl()))
                            .timeout(TIMEOUT)
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (posted.statusCode() != 200) {
                log.warn("the upload of a file for {} was refused: HTTP {}", conversationId, posted.statusCode());
                return false;
            }
            var done = methods.filesCompleteUploadExternal(r -> r.token(token)
                    .files(List.of(FilesCompleteUploadExternalRequest.FileDetails.builder()
                            .id(url.getFileId())
                            .title(file.title())
                            .build()))
                    .channelId(conversation.channel())
                    .threadTs(conversation.threadTs()));
            if (!done.isOk()) {
                log.warn("Slack refused to share a file in {}: {}", conversationId, done.getError());
                return false;
            }
            return true;
        } catch (IOException | com.slack.api.methods.SlackApiException e) {
            log.warn("a file for {} could not be uploaded: {}", conversationId, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
