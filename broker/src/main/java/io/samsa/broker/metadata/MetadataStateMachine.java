package io.samsa.broker.metadata;

import io.samsa.protocol.ErrorCode;
import io.samsa.raft.ReplicatedStateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata log's state machine: decodes each committed record, applies it with {@link RecordApplier} and
 * publishes the resulting {@link MetadataImage} with a volatile write. Runs unchanged on a Ratis group and on a
 * {@link io.samsa.raft.LocalJournal}.
 *
 * <p>Threading: the log calls {@link #apply}, {@link #snapshot} and {@link #restore} from its apply thread;
 * {@link #controllerChanged} comes from the log's leader notifications. Every publication happens under this
 * object's lock, so images appear in order and {@link ImageListener}s see each one once, on the publishing thread.
 * Readers call {@link #image()} from any thread.
 */
public final class MetadataStateMachine implements ReplicatedStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);

    /** Told about every new image, with the one it replaces. Runs on the apply thread: must not block. */
    @FunctionalInterface
    public interface ImageListener {
        void imageChanged(MetadataImage previous, MetadataImage next);
    }

    private record Waiter(long offset, CompletableFuture<MetadataImage> future) {
    }

    private final List<ImageListener> listeners = new CopyOnWriteArrayList<>();
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.offset, b.offset));
    private volatile MetadataImage image = MetadataImage.EMPTY;

    public MetadataImage image() {
        return image;
    }

    @Override
    public byte[] apply(long index, long term, byte[] entry) {
        ApplyOutcome outcome;
        List<Waiter> ready;
        synchronized (this) {
            MetadataImage current = image;
            try {
                RecordApplier.Applied applied = RecordApplier.apply(current, MetadataRecordCodec.decode(entry), index);
                outcome = applied.outcome();
                ready = publish(applied.image());
            } catch (MalformedRecordException e) {
                // Every replica sees the same bytes and rejects them alike, so the images stay equal.
                LOG.error("Skipping unreadable metadata record at offset {}: {}", index, e.getMessage());
                outcome = ApplyOutcome.error(ErrorCode.INVALID_REQUEST, e.getMessage());
                ready = publish(current.toBuilder().build(index));
            }
        }
        complete(ready);
        return outcome.encode();
    }

    @Override
    public SnapshotWriter snapshot() {
        MetadataImage captured = image;
        return out -> ImageCodec.write(captured, out);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        MetadataImage restored = ImageCodec.read(in);
        List<Waiter> ready;
        synchronized (this) {
            ready = publish(restored.withControllerId(image.controllerId()));
        }
        complete(ready);
    }

    /** Records the metadata log's new leader in the image (not in the log: it is a fact of the moment). */
    public void controllerChanged(int controllerId) {
        List<Waiter> ready;
        synchronized (this) {
            ready = publish(image.withControllerId(controllerId));
        }
        complete(ready);
    }

    /** Completes once the image reflects offset {@code offset}, with that (or a later) image. */
    public CompletableFuture<MetadataImage> awaitOffset(long offset) {
        MetadataImage current = image;
        if (current.offset() >= offset) {
            return CompletableFuture.completedFuture(current);
        }
        CompletableFuture<MetadataImage> future = new CompletableFuture<>();
        synchronized (this) {
            if (image.offset() >= offset) {
                future.complete(image);
            } else {
                waiters.add(new Waiter(offset, future));
            }
        }
        return future;
    }

    public void addListener(ImageListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ImageListener listener) {
        listeners.remove(listener);
    }

    /** Must hold the lock. Returns the waiters the new image satisfies, to be completed outside the lock. */
    private List<Waiter> publish(MetadataImage next) {
        MetadataImage previous = image;
        if (next == previous) {
            return List.of();
        }
        image = next;
        for (ImageListener l : listeners) {
            try {
                l.imageChanged(previous, next);
            } catch (RuntimeException e) {
                LOG.error("Metadata image listener failed", e);
            }
        }
        List<Waiter> ready = new ArrayList<>();
        while (!waiters.isEmpty() && waiters.peek().offset() <= next.offset()) {
            ready.add(waiters.poll());
        }
        return ready;
    }

    private void complete(List<Waiter> ready) {
        MetadataImage current = image;
        ready.forEach(w -> w.future().complete(current));
    }
}
