package io.skiff.apiserver.flowcontrol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * One priority level's seats and queues. A request takes its width in seats (one, or more for a
 * large list) at once when they are free and nobody waits; else it waits in one of the level's queues, chosen by shuffle sharding: its flow is dealt a hand of
 * queues (the same hand every time) and joins the shortest, so a flow that floods the level fills
 * its own few queues while other flows most likely hold a queue of their own. A freed seat goes
 * to the head of the next non-empty queue in turn, so each busy queue is served as often as any
 * other, however long it is. A request finding its queue full, or waiting longer than the limit, is
 * rejected.
 */
final class FairQueues {

    /** Why a request was not admitted, as Kubernetes' apiserver_flowcontrol_rejected_requests_total reasons. */
    enum Rejection {
        QUEUE_FULL("queue-full"),
        CONCURRENCY_LIMIT("concurrency-limit"),
        TIME_OUT("time-out");

        final String reason;

        Rejection(String reason) {
            this.reason = reason;
        }
    }

    /** A request not admitted; carries no stack trace: rejection is ordinary under load. */
    static final class RejectedException extends RuntimeException {
        final Rejection rejection;

        RejectedException(Rejection rejection) {
            super(rejection.reason, null, false, false);
            this.rejection = rejection;
        }
    }

    private final PriorityLevel level;
    private final int seats;
    private final Executor handOff;
    private final ArrayDeque<Waiter>[] queues;
    private int executing;
    private int waiting;
    private int nextQueue;

    /**
     * @param handOff where a request that waited resumes once a freed seat is granted to it (not on
     *     the thread that freed the seat)
     */
    @SuppressWarnings("unchecked")
    FairQueues(PriorityLevel level, int seats, Executor handOff) {
        this.level = level;
        this.seats = seats;
        this.handOff = handOff;
        this.queues = new ArrayDeque[level.queues()];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new ArrayDeque<>();
        }
    }

    PriorityLevel level() {
        return level;
    }

    int seats() {
        return seats;
    }

    synchronized int executing() {
        return executing;
    }

    synchronized int waiting() {
        return waiting;
    }

    /**
     * A seat for a request of {@code flow}: at once, after a wait of at most {@code maxWait}, or an
     * error {@link RejectedException}. The seat must be released when the request ends.
     */
    Mono<Seat> acquire(String flow, int width, Duration maxWait) {
        int seatsWanted = Math.max(1, Math.min(width, seats));
        return Mono.<Seat>create(sink -> {
                    Waiter waiter = new Waiter(sink, new Seat(this, seatsWanted));
                    Rejection rejection = enqueueOrSeat(flow, waiter);
                    if (rejection != null) {
                        sink.error(new RejectedException(rejection));
                        return;
                    }
                    sink.onCancel(() -> abandon(waiter));
                })
                .timeout(maxWait, Mono.error(() -> new RejectedException(Rejection.TIME_OUT)));
    }

    /** Null when the waiter got a seat or a place in a queue; else why it got neither. */
    private Rejection enqueueOrSeat(String flow, Waiter waiter) {
        synchronized (this) {
            if (waiting == 0 && executing + waiter.seat.width <= seats) {
                executing += waiter.seat.width;
                waiter.state.set(Waiter.GRANTED);
            } else if (queues.length == 0) {
                return Rejection.CONCURRENCY_LIMIT;
            } else {
                ArrayDeque<Waiter> queue = shortestOfHand(flow);
                if (queue.size() >= level.queueLengthLimit()) {
                    return Rejection.QUEUE_FULL;
                }
                queue.add(waiter);
                waiting++;
                return null;
            }
        }
        waiter.sink.success(waiter.seat);
        return null;
    }

    /** A waiter cancelled (timed out, or its client went away): leave its queue, or give back its seat. */
    private void abandon(Waiter waiter) {
        if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) {
            synchronized (this) {
                for (ArrayDeque<Waiter> queue : queues) {
                    if (queue.remove(waiter)) {
                        waiting--;
                        break;
                    }
                }
            }
        } else if (waiter.state.get() == Waiter.GRANTED) {
            // Granted as it was cancelled: the seat may never reach a request (released once either way).
            waiter.seat.release();
        }
    }

    /** A request ended: its seats go to the next waiters in turn that fit, or are free. */
    void release(int width) {
        List<Waiter> granted = new ArrayList<>();
        synchronized (this) {
            executing -= width;
            for (Waiter next = nextWaiterThatFits(); next != null; next = nextWaiterThatFits()) {
                executing += next.seat.width;
                granted.add(next);
            }
        }
        // The releasing thread is whichever ended a request (often the registry's one completions
        // thread): the granted requests' filters and handlers must not run on it, or every queued
        // request of the server would be served one after another on that thread.
        granted.forEach(waiter -> handOff.execute(() -> waiter.sink.success(waiter.seat)));
    }

    /**
     * The head of the next non-empty queue after the last one served, if the seats it needs are
     * free (else nothing: it keeps its turn, so a wide request is not passed over for ever);
     * waiters that gave up meanwhile are dropped on the way.
     */
    private Waiter nextWaiterThatFits() {
        while (waiting > 0) {
            for (int i = 0; i < queues.length; i++) {
                int index = (nextQueue + i) % queues.length;
                Waiter head = queues[index].peek();
                if (head == null) {
                    continue;
                }
                if (head.state.get() == Waiter.CANCELLED) {
                    queues[index].poll();
                    waiting--;
                    break; // look again
                }
                if (executing + head.seat.width > seats) {
                    return null;
                }
                queues[index].poll();
                waiting--;
                if (head.state.compareAndSet(Waiter.WAITING, Waiter.GRANTED)) {
                    nextQueue = (index + 1) % queues.length;
                    return head;
                }
                break; // cancelled meanwhile: look again
            }
        }
        return null;
    }

    /**
     * Shuffle sharding: the flow's hash deals {@code handSize} distinct queues, always the same for
     * the same flow; the request joins the shortest of them.
     */
    private ArrayDeque<Waiter> shortestOfHand(String flow) {
        int[] hand = hand(flow, queues.length, Math.min(level.handSize(), queues.length));
        ArrayDeque<Waiter> shortest = queues[hand[0]];
        for (int index : hand) {
            if (queues[index].size() < shortest.size()) {
                shortest = queues[index];
            }
        }
        return shortest;
    }

    /** {@code handSize} distinct queue indexes out of {@code deckSize}, from the flow's 64-bit hash. */
    static int[] hand(String flow, int deckSize, int handSize) {
        long hash = fnv1a64(flow);
        int[] hand = new int[handSize];
        for (int i = 0; i < handSize; i++) {
            int remaining = deckSize - i;
            int card = (int) Long.remainderUnsigned(hash, remaining);
            hash = Long.divideUnsigned(hash, remaining);
            // The card-th queue not yet dealt, in order.
            int[] dealt = Arrays.copyOf(hand, i);
            Arrays.sort(dealt);
            for (int taken : dealt) {
                if (taken <= card) {
                    card++;
                }
            }
            hand[i] = card;
        }
        return hand;
    }

    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** A request waiting for a seat; its state decides, once, whether it gets one or gave up. */
    private static final class Waiter {
        static final int WAITING = 0;
        static final int GRANTED = 1;
        static final int CANCELLED = 2;

        final MonoSink<Seat> sink;
        final Seat seat;
        final AtomicInteger state = new AtomicInteger(WAITING);

        Waiter(MonoSink<Seat> sink, Seat seat) {
            this.sink = sink;
            this.seat = seat;
        }
    }

    /** The seats one request takes (its width), released exactly once. */
    static final class Seat {
        private final FairQueues owner;
        private final int width;
        private final AtomicBoolean released = new AtomicBoolean();

        Seat(FairQueues owner, int width) {
            this.owner = owner;
            this.width = width;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                owner.release(width);
            }
        }
    }
}
