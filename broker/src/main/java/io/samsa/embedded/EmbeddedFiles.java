package io.samsa.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/** The temporary directories of embedded brokers and clusters: made private, removed whole on close. */
final class EmbeddedFiles {
    private static final AtomicLong NEXT_DIR = new AtomicLong();
    private static final FileAttribute<?> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private EmbeddedFiles() {
    }

    /**
     * A new private directory under {@code java.io.tmpdir}. Not {@code Files.createTempDirectory}: its
     * SecureRandom costs a first start some 20 ms of seeding; and no process id in the name, because
     * {@code ProcessHandle} costs another 10. The clock and a counter are unique enough: creation fails rather
     * than reuses when the name exists, and then the next name is tried.
     */
    static Path newTempDirectory(String prefix) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            for (int attempt = 0; ; attempt++) {
                Path dir = tmp.resolve(new StringBuilder(prefix).append(System.currentTimeMillis()).append('-')
                        .append(System.nanoTime() & 0xFFFFFFL).append('-').append(NEXT_DIR.incrementAndGet()).toString());
                try {
                    return Files.createDirectory(dir, PRIVATE);
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                } catch (UnsupportedOperationException e) {
                    return Files.createDirectory(dir); // not a POSIX file system
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
