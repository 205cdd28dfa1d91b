package dev.specula.core.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fork-join of {@code threads} threads for the fast verifier: the calling thread and
 * {@code threads - 1} daemon workers run the parts of one job and the call returns when all
 * parts are done.
 *
 * <p>Why not an {@code ExecutorService}: a verification forks once per row (every 30 us or so at
 * V = 128256), so the hand-off must be cheap and must not allocate (no futures per call). Workers
 * spin briefly on a generation counter after a job, so that the next row finds them awake, and
 * park after that so that an idle verifier costs no CPU.
 *
 * <p>One job at a time: {@link #run} is called by one thread at a time (the verifier is not
 * thread-safe either).
 */
public final class WorkerPool implements AutoCloseable {
    /** How long a worker spins for the next job before it parks. */
    private static final long SPIN_NANOS = 50_000;
    /** How long the caller spins for the workers' parts before it yields its core. */
    private static final int SPINS_BEFORE_YIELD = 2_000;

    private final Worker[] workers;
    /**
     * The current job's ticket: generation (high 32 bits), part count (16 bits), next unclaimed
     * part (low 16 bits). A part is claimed by a compare-and-set that keeps the generation, so a
     * late worker can never claim a part of a newer job, and the job a claimed part runs is still
     * the current one (the caller does not start the next job while a claimed part is pending).
     */
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile IntConsumer job;
    private volatile boolean closed;

    /** @param threads total threads, the caller included; {@code >= 1} */
    public WorkerPool(int threads, String name) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker();
            Thread t = Thread.ofPlatform().daemon().name(name + "-" + (i + 1)).unstarted(workers[i]);
            workers[i].thread = t;
            t.start();
        }
    }

    /** Total threads that run parts, the caller included. */
    public int threads() {
        return workers.length + 1;
    }

    /** One of the worker threads (to check that they may read a memory segment), or null if there is none. */
    public Thread anyWorker() {
        return workers.length == 0 ? null : workers[0].thread;
    }

    /**
     * Runs {@code part.accept(k)} for every k in [0, parts) on the pool and the calling thread,
     * and returns when all are done. An exception thrown by a part is rethrown here (the first
     * one; the other parts still finish).
     *
     * @param parts at most 65535
     */
    public void run(int parts, IntConsumer part) {
        if (closed) throw new IllegalStateException("the worker pool is closed");
        if (parts <= 0) return;
        if (parts > 0xFFFF) throw new IllegalArgumentException("at most 65535 parts, got " + parts);
        long generation = (ticket.get() >>> 32) + 1;
        job = part;
        pending.set(parts);
        ticket.set(generation << 32 | (long) parts << 16); // publishes the job to the workers
        for (Worker w : workers) if (w.parked) LockSupport.unpark(w.thread);
        work(generation);
        // Parts claimed by workers are still running: spin briefly, then yield, so that on a
        // machine with more runnable threads than cores a descheduled worker gets the core back.
        for (int spins = 0; pending.get() > 0; spins++) {
            if (spins < SPINS_BEFORE_YIELD) Thread.onSpinWait();
            else Thread.yield();
        }
        Throwable t = failure.getAndSet(null);
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
    }

    /** Claims and runs parts of job {@code generation} until none is left. */
    private void work(long generation) {
        while (true) {
            long t = ticket.get();
            int next = (int) (t & 0xFFFF), count = (int) ((t >>> 16) & 0xFFFF);
            if (t >>> 32 != generation || next >= count) return;
            if (!ticket.compareAndSet(t, t + 1)) continue;
            try {
                job.accept(next);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    /** Stops the workers; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w.thread);
    }

    private long generation() {
        return ticket.get() >>> 32;
    }

    private final class Worker implements Runnable {
        Thread thread;
        volatile boolean parked;

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (generation() == seen && !closed && System.nanoTime() < spinUntil) Thread.onSpinWait();
                while (generation() == seen && !closed) {
                    parked = true;
                    if (generation() == seen && !closed) LockSupport.park(this);
                    parked = false;
                }
                if (closed) return;
                seen = generation();
                work(seen);
            }
        }
    }
}
