package hall.council.client;

import council.v1.Call;
import council.v1.Event;
import council.v1.Response;
import council.v1.Status;
import council.v1.WatchEventsResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * A {@code watch_events} stream (PROTOCOL.md §6): iterate for {@link WatchEventsResponse} items, or {@link #poll}
 * with a timeout. {@link #cancel()} ends it; iteration then stops cleanly (the server's CANCELLED end is expected).
 * Any other end is thrown as its {@link CouncilException} once the items before it have been taken (for example
 * UNAVAILABLE {@code draining}: resume on a new connection with {@code after} = {@link #lastSequence()}).
 *
 * <p><b>Back-pressure.</b> The protocol has no flow control of its own for a stream, and one connection carries every
 * call, so a slow reader must not stop the connection's reader thread. The stream therefore holds at most
 * {@code watchBuffer} items (CouncilClient.Options) that arrived and were not taken. When a further item arrives into
 * a full buffer, the stream is cancelled on the server and, after the buffered items, ends with RESOURCE_EXHAUSTED
 * {@code streamLagging} (fromServer() false) — what the server itself does with a client more than 1,000 items behind.
 * Nothing is lost: resume with {@code after} = {@link #lastSequence()}. Memory stays bounded whatever the reader does.
 *
 * <p>A stream belongs to one consumer thread; {@link #cancel()} and {@link #close()} may be called from any thread.
 */
public final class WatchStream extends CouncilClient.Pending implements Iterator<WatchEventsResponse>, AutoCloseable {
    private final CouncilClient client;
    private final int capacity;
    private final ArrayDeque<WatchEventsResponse> items = new ArrayDeque<>();
    private CouncilException end;          // guarded by this; null while open or after a clean end
    private boolean ended;                 // guarded by this
    private boolean cancelled;             // guarded by this
    private long lastSequence;             // the consumer's

    WatchStream(CouncilClient client, long id, int capacity, long after) {
        super(id, Call.RequestCase.WATCH_EVENTS);
        this.client = client;
        this.capacity = capacity;
        this.lastSequence = after;
    }

    /** The call's id on the connection. */
    public long callId() { return id; }

    /**
     * The sequence of the last event in the items taken so far (or the {@code after} the stream started from): where
     * to resume.
     */
    public synchronized long lastSequence() { return lastSequence; }

    @Override
    boolean deliver(Response response) {
        boolean cancelNow = false;
        synchronized (this) {
            if (ended) return true;
            if (response.hasStatus() && response.getStatus().getCode() != Status.Code.OK) {
                CouncilException error = CouncilException.fromStatus(response.getStatus());
                finish(cancelled && error.code() == Status.Code.CANCELLED ? null : error);
            } else if (response.getResponseCase() == Response.ResponseCase.WATCH_EVENTS) {
                if (items.size() >= capacity) {
                    finish(CouncilException.local(Status.Code.RESOURCE_EXHAUSTED, CouncilException.STREAM_LAGGING,
                            "the stream's reader fell " + capacity + " items behind: resume from lastSequence() "
                                    + lastSequence));
                    cancelNow = true;
                } else {
                    items.addLast(response.getWatchEvents());
                    notifyAll();
                    if (response.getEndOfStream()) finish(null);
                }
            } else if (response.getEndOfStream()) {
                finish(null);
            } else {
                finish(CouncilException.local(Status.Code.INTERNAL, CouncilException.UNEXPECTED_RESPONSE,
                        "watch stream " + id + " got " + response.getResponseCase()));
                cancelNow = true;
            }
        }
        if (cancelNow) client.sendCancel(id);
        return isEnded();
    }

    @Override
    void fail(CouncilException error) {
        synchronized (this) {
            if (!ended) finish(error);
        }
    }

    private void finish(CouncilException error) {
        ended = true;
        end = error;
        notifyAll();
    }

    private synchronized boolean isEnded() { return ended; }

    /**
     * Waits up to {@code timeout} for the next item. Returns null when none came in time, or when the stream ended
     * cleanly ({@link #isFinished()} then says so); throws the stream's error once the items before it are taken.
     */
    public WatchEventsResponse poll(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (items.isEmpty() && !ended) {
                long left = until - System.nanoTime();
                if (left <= 0) return null;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return take();
        }
    }

    /** True when the stream has ended and every item has been taken. */
    public synchronized boolean isFinished() { return ended && items.isEmpty(); }

    /** The error that ended the stream, once it ended with one (null while open, or after a clean end). */
    public synchronized CouncilException error() { return end; }

    private WatchEventsResponse take() {   // with the lock held
        WatchEventsResponse item = items.pollFirst();
        if (item == null) {
            if (end != null) throw end;
            return null;
        }
        for (Event e : item.getEventsList()) {
            lastSequence = Math.max(lastSequence, e.getSequence());
        }
        return item;
    }

    /** Blocks until an item is there (true) or the stream has ended (false, or its error thrown). */
    @Override
    public boolean hasNext() {
        synchronized (this) {
            while (items.isEmpty() && !ended) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw CouncilException.local(Status.Code.CANCELLED, "interrupted", "interrupted while waiting");
                }
            }
            if (items.isEmpty() && end != null) throw end;
            return !items.isEmpty();
        }
    }

    @Override
    public WatchEventsResponse next() {
        if (!hasNext()) throw new NoSuchElementException("the stream has ended");
        synchronized (this) {
            return take();
        }
    }

    /** Asks the server to end the stream; iteration then ends cleanly after the items already buffered. */
    public void cancel() {
        synchronized (this) {
            if (ended || cancelled) return;
            cancelled = true;
        }
        client.sendCancel(id);
    }

    /** Cancels if still open and waits (up to 5 s) for the server's end; the stream is then forgotten. */
    @Override
    public void close() {
        cancel();
        synchronized (this) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!ended) {
                long left = until - System.nanoTime();
                if (left <= 0) break;
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!ended) finish(null);
            items.clear();
        }
        client.forget(id, this);
    }
}
