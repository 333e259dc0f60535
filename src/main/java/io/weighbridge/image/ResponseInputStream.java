package io.weighbridge.image;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClientResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bridges a Vert.x response body to a blocking {@link InputStream} for a worker thread (never
 * the event loop). The response is paused while the reader lags behind, so memory stays bounded
 * whatever the blob size, and reads give up at the deadline.
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
    private final Runnable onClose;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    /** Must be constructed on the response's event loop, before it delivers any data. */
    ResponseInputStream(Context context, HttpClientResponse response, Deadline deadline, Runnable onClose) {
        this.context = context;
        this.response = response;
        this.deadline = deadline;
        this.onClose = onClose;
        response.handler(buffer -> {
            chunks.add(buffer.getBytes());
            if (queued.incrementAndGet() >= PAUSE_AT_CHUNKS) {
                response.pause();
            }
        });
        response.exceptionHandler(chunks::add);
        response.endHandler(ignored -> chunks.add(END));
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
                throw new IOException("stream broke: " + failure.getMessage());
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
        long wait = deadline.remainingMillis();
        if (wait <= 0) {
            throw new IOException("deadline passed while streaming");
        }
        try {
            Object next = chunks.poll(wait, TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new IOException("deadline passed while streaming");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while streaming");
        }
    }

    /** Releases the request; an unfinished body is abandoned by resetting the stream. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    boolean endReached() {
        return ended;
    }
}
