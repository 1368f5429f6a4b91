package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.skiff.model.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Sends the events of all its recorders to an {@link EventSink}, as client-go's EventBroadcaster
 * with StartRecordingToSink: recorders put events on a bounded queue (dropping, with a log line,
 * when it is full) and one sender thread correlates them ({@link EventCorrelator}) and writes them,
 * retrying transport failures and server errors (5xx, 429) up to maxTries times, retryInterval
 * apart; an event the server refuses for any other reason is logged and dropped, since sending it
 * again would be refused again. One broadcaster per process; one recorder per component.
 */
public final class EventBroadcaster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventBroadcaster.class);
    private static final long IDLE_POLL_MILLIS = 100;

    private final EventSink sink;
    private final EventRecorderProperties properties;
    private final EventTimes times;
    private final EventCorrelator correlator;
    private final BlockingQueue<Event> queue;
    private final Thread sender;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long drainDeadlineNanos;

    private EventBroadcaster(EventSink sink, EventRecorderProperties properties, Clock clock) {
        this.sink = sink;
        this.properties = properties;
        this.times = new EventTimes(clock);
        this.correlator = new EventCorrelator(properties, times);
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.sender = new Thread(this::sendQueuedEvents, "event-broadcaster");
        this.sender.setDaemon(true);
    }

    /** A broadcaster whose sender thread is running. */
    public static EventBroadcaster start(EventSink sink, EventRecorderProperties properties) {
        return start(sink, properties, Clock.systemUTC());
    }

    /** As {@link #start(EventSink, EventRecorderProperties)}, with the clock all timestamps come from. */
    public static EventBroadcaster start(EventSink sink, EventRecorderProperties properties, Clock clock) {
        EventBroadcaster broadcaster = new EventBroadcaster(sink, properties, clock);
        broadcaster.sender.start();
        return broadcaster;
    }

    /** A recorder whose events carry {@code origin} as their source and reporter. */
    public EventRecorder newRecorder(EventOrigin origin) {
        return new BroadcastingEventRecorder(this, origin, times);
    }

    /**
     * Stops taking events; what is already queued is sent with one try each, for at most
     * shutdownTimeout, then the sender stops.
     */
    @Override
    public void close() {
        synchronized (closing) {
            if (closing.get()) {
                return;
            }
            // The deadline first: the sender reads it as soon as it sees closing.
            drainDeadlineNanos =
                    System.nanoTime() + properties.shutdownTimeout().toNanos();
            closing.set(true);
        }
        closed.countDown();
        try {
            sender.join(properties
                    .shutdownTimeout()
                    .plus(properties.requestTimeout())
                    .toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            log.warn("event sender did not finish within {}; interrupting it", properties.shutdownTimeout());
            sender.interrupt();
        }
    }

    /** Never blocks: a full queue or a closed broadcaster drops the event with a log line. */
    void enqueue(Event event) {
        if (closing.get()) {
            log.warn("Unable to record event: the recorder is shut down, dropped event {}", describe(event));
        } else if (!queue.offer(event)) {
            log.error("Unable to record event: too many queued events, dropped event {}", describe(event));
        }
    }

    private void sendQueuedEvents() {
        while (true) {
            Event event;
            try {
                event = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (closing.get() && System.nanoTime() - drainDeadlineNanos > 0) {
                int dropped = queue.size() + (event == null ? 0 : 1);
                if (dropped > 0) {
                    log.error("event recorder shut down with {} events unsent", dropped);
                }
                return;
            }
            if (event != null) {
                send(event);
            } else if (closing.get()) {
                return;
            }
        }
    }

    private void send(Event event) {
        Correlation correlation;
        try {
            correlation = correlator.correlate(event);
        } catch (RuntimeException e) {
            log.error("Event correlation failed for {}", describe(event), e);
            return;
        }
        if (correlation.skip()) {
            log.debug("Event {} dropped by the spam filter", describe(event));
            return;
        }
        int tries = 0;
        while (!writeOnce(correlation)) {
            tries++;
            if (tries >= properties.maxTries()) {
                log.error("Unable to write event {} (retry limit exceeded!)", describe(event));
                return;
            }
            if (closing.get() || awaitClose(retryDelay(tries))) {
                log.error("Unable to write event {} (the recorder is shut down)", describe(event));
                return;
            }
        }
    }

    /**
     * One attempt, as client-go's recordEvent; true when the event is done with (written, or
     * refused for good), false when it is worth trying again.
     */
    private boolean writeOnce(Correlation correlation) {
        Event event = correlation.event();
        try {
            Event saved = null;
            if (correlation.isUpdate()) {
                try {
                    saved = call(sink.patch(event, correlation.patch()));
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                    // The Event expired on the server (its TTL); record it anew under the same name.
                }
            }
            if (saved == null) {
                Event fresh = new EventBuilder(event).build();
                fresh.getMetadata().setResourceVersion(null);
                saved = call(sink.create(fresh));
            }
            correlator.updateState(saved);
            return true;
        } catch (ApiException e) {
            if (isTransient(e)) {
                log.warn("Unable to write event {} (may retry after sleeping): {}", describe(event), e.getMessage());
                return false;
            }
            if (e.code() == 409 && "AlreadyExists".equals(e.reason())) {
                log.debug("Server rejected event {} (will not retry!): {}", describe(event), e.getMessage());
            } else {
                log.error("Server rejected event {} (will not retry!): {}", describe(event), e.getMessage());
            }
            return true;
        } catch (RuntimeException e) {
            log.warn("Unable to write event {} (may retry after sleeping): {}", describe(event), e.toString());
            return false;
        }
    }

    private <T> T call(Mono<T> request) {
        T result = request.timeout(properties.requestTimeout()).block();
        if (result == null) {
            throw new IllegalStateException("the event sink answered nothing");
        }
        return result;
    }

    /** client-go randomises the first pause so that many clients do not retry in step. */
    private Duration retryDelay(int tries) {
        Duration interval = properties.retryInterval();
        return tries == 1
                ? Duration.ofNanos(
                        (long) (interval.toNanos() * ThreadLocalRandom.current().nextDouble()))
                : interval;
    }

    /** Sleeps for {@code delay}; returns true at once if the broadcaster is being closed. */
    private boolean awaitClose(Duration delay) {
        try {
            return closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Server-side trouble that may pass; anything else the server refused will be refused again. */
    private static boolean isTransient(ApiException e) {
        return e.code() == 429 || e.code() >= 500;
    }

    private static String describe(Event event) {
        return event.getMetadata().getNamespace() + "/" + event.getMetadata().getName() + " ("
                + event.getInvolvedObject().getKind() + " "
                + event.getInvolvedObject().getName() + ", "
                + event.getType() + " " + event.getReason() + ": " + event.getMessage() + ")";
    }
}
