package dev.lucy.app.files;

import dev.lucy.core.runtime.InboundEvent;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Files around one run: the ones shared with the message, read for the model, and the long parts of an answer,
 * delivered as files. The default, {@link #none()}, has no files either way. Implementations are thread safe;
 * {@link #read} and {@link #deliverLong} block (downloads, uploads) and run on the run's own thread, never on the
 * path that acknowledges the platform's event.
 */
public interface TurnFiles {

    /** True when the message came with files. Called in triage: returns at once. */
    boolean attached(InboundEvent event);

    /**
     * Reads the message's files (and those shared earlier in its conversation, which a follow-up is about too): text
     * and images for the model, and a sentence for the person for each of the message's files that could not be
     * read. Returns {@link Attached#NONE} at once when there are none. Never throws for a bad file; nothing read is
     * kept after the call's caller is done with it.
     */
    Attached read(InboundEvent event);

    /**
     * Delivers what is too long for a message (a long table, a long code block, a very long answer) as files in the
     * conversation, and returns the answer to post with those parts replaced by a short pointer to the file. Returns
     * {@code reply} unchanged when nothing is too long or the files could not be delivered.
     */
    String deliverLong(String conversationId, String reply);

    /** No files in or out. */
    static TurnFiles none() {
        return new TurnFiles() {
            @Override
            public boolean attached(InboundEvent event) {
                return false;
            }

            @Override
            public Attached read(InboundEvent event) {
                return Attached.NONE;
            }

            @Override
            public String deliverLong(String conversationId, String reply) {
                return reply;
            }
        };
    }

    /**
     * What the files of a message give the run.
     *
     * @param forModel text added under the person's message: each file's content or why it could not be read
     * @param images pictures for a model that takes images
     * @param notices sentences for the person, one per file Lucy could not read
     */
    record Attached(String forModel, List<Image> images, List<String> notices) {
        public static final Attached NONE = new Attached("", List.of(), List.of());

        public Attached {
            Objects.requireNonNull(forModel, "forModel");
            images = List.copyOf(images);
            notices = List.copyOf(notices);
        }
    }

    /** A picture from a shared file. */
    record Image(String name, String mimetype, byte[] bytes) {
        public Image {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mimetype, "mimetype");
            bytes = bytes.clone();
        }

        /** As a {@code data:} URL, the way OpenAI-compatible models take an image. */
        public String dataUrl() {
            return "data:" + mimetype + ";base64," + Base64.getEncoder().encodeToString(bytes);
        }
    }
}
