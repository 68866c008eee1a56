package dev.lucy.app.files;

import java.util.Objects;

/**
 * A file someone shared with a message, as the platform describes it: never its content, which is fetched when the
 * run reads it and dropped when the run ends.
 *
 * @param id the platform's file id
 * @param name the file name
 * @param mimetype the MIME type the platform reports; empty when unknown
 * @param filetype the platform's short type name ({@code csv}, {@code pdf}, {@code png}); empty when unknown
 * @param size the size in bytes the platform reports; -1 when unknown
 * @param downloadUrl where the bytes are, for the bot's token ({@code url_private_download} on Slack)
 */
public record FileRef(String id, String name, String mimetype, String filetype, long size, String downloadUrl) {
    public FileRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mimetype, "mimetype");
        Objects.requireNonNull(filetype, "filetype");
        Objects.requireNonNull(downloadUrl, "downloadUrl");
    }
}
