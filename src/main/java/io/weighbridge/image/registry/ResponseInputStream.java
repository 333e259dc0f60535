package io.weighbridge.image.registry;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClientResponse;
import io.weighbridge.image.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bridges a Vert.x response body to a blocking {@link InputStream} for a worker thread (never
 * the event loop). The response is paused while the reader lags behind, so memory stays bounded
 * whatever the blob size. A read gives up at the deadline, and when no data came for the idle
 * time (a body that trickles or stalls holds its reader no longer than a request may take).
 */
final class ResponseInputStream extends InputStream {
    private static final int PAUSE_AT_CHUNKS = 16;
    private static final int RESUME_AT_CHUNKS = 4;
    private static final Object END = new Object();

    private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Context context;
    private final HttpClientResponse response;
    private final Deadline deadline;
    private final Duration idle;
    private final Runnable onClose;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    /**
     * Must be constructed on the response's context, before it delivers any data.
     *
     * @param onEnd runs on the context when the body has arrived in full
     * @param onClose runs when the reader closes the stream (the exchange then abandons an unfinished body)
     */
    ResponseInputStream(
            Context context,
            HttpClientResponse response,
            Deadline deadline,
            Duration idle,
            Runnable onEnd,
            Runnable onClose) {
        this.context = context;
        this.response = response;
        this.deadline = deadline;
        this.idle = idle;
        this.onClose = onClose;
        response.handler(buffer -> {
            chunks.add(buffer.getBytes());
            if (queued.incrementAndGet() >= PAUSE_AT_CHUNKS) {
                response.pause();
            }
        });
        response.exceptionHandler(chunks::add);
        response.endHandler(ignored -> {
            onEnd.run();
            chunks.add(END);
        });
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended || closed.get()) {
                return -1;
            }
            Object next = nextChunk();
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable failure) {
                throw new IOException("stream broke: " + FailureWords.of(failure));
            }
            current = (byte[]) next;
            position = 0;
            if (queued.decrementAndGet() <= RESUME_AT_CHUNKS) {
                context.runOnContext(ignored -> {
                    if (queued.get() <= RESUME_AT_CHUNKS) {
                        response.resume();
                    }
                });
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, target, offset, n);
        position += n;
        return n;
    }

    private Object nextChunk() throws IOException {
        long left = deadline.remainingMillis();
        if (left <= 0) {
            throw new IOException("deadline passed while streaming");
        }
        long wait = Math.min(left, idle.toMillis());
        try {
            Object next = chunks.poll(wait, TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new IOException(
                        wait < left
                                ? "no data for " + wait + " ms while streaming"
                                : "deadline passed while streaming");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while streaming");
        }
    }

    /** Releases the request; an unfinished body is abandoned. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
