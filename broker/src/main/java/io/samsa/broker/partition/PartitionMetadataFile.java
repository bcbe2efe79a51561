package io.samsa.broker.partition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.UUID;

/**
 * A partition directory's {@code partition.metadata}, as Kafka writes it (KIP-516): which topic id
 * the log belongs to, so that a log left behind by a deleted topic is never served as a new topic of
 * the same name. Format, in UTF-8:
 * <pre>
 * version: 0
 * topic_id: &lt;topic id in URL-safe base64 without padding&gt;
 * </pre>
 * Written atomically (temporary file, fsync, rename). Stateless.
 */
final class PartitionMetadataFile {
    static final String FILE_NAME = "partition.metadata";

    private PartitionMetadataFile() {
    }

    /** The topic id recorded in {@code dir}, or null if there is no file. */
    static UUID read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("topic_id:")) {
                return fromBase64(line.substring("topic_id:".length()).trim());
            }
        }
        throw new IOException(file + " has no topic_id line");
    }

    static void write(Path dir, UUID topicId) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        byte[] content = ("version: 0\ntopic_id: " + toBase64(topicId) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String toBase64(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static UUID fromBase64(String text) throws IOException {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(text));
            if (bytes.remaining() != 16) {
                throw new IOException("topic id '" + text + "' is not 16 bytes");
            }
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (IllegalArgumentException e) {
            throw new IOException("topic id '" + text + "' is not base64", e);
        }
    }
}
