package io.stagedoor.command.engine;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfiguration;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.monitoring.MessageMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.axonframework.commandhandling.GenericCommandResultMessage.asCommandResultMessage;

/**
 * Commits commands in groups: the commands that arrive together are decided in memory and committed in one
 * database transaction, so the cost of a transaction (its statements, its round trips, the synchronous commit) is
 * paid once per group instead of once per command.
 * <p>
 * <b>How a batch forms.</b> Commands are queued by the aggregate they address: each aggregate always lands in the same
 * shard, whose single worker takes everything queued (up to {@code maxBatch}) the moment it is free — it never waits
 * for more. So a batch is as large as the load makes it, one command when the service is idle, and an aggregate's
 * commands keep their arrival order.
 * <p>
 * <b>How it commits.</b> A batch runs in one root unit of work holding the transaction. {@link BatchPreparation} runs
 * first (locks, catching cached aggregates up, looking up idempotency keys), then each command in a nested unit of
 * work that opens no transaction of its own: it shares the root's aggregates (each loaded once per batch) and hands
 * its events to the root, which appends the events of the whole batch at its commit. Every caller is answered only
 * after that commit — an answer means the command is on disk.
 * <p>
 * <b>How it fails.</b> A refusal (a broken rule, an unknown meeting, an {@code If-Match} mismatch, a taken idempotency
 * key) is decided before anything is applied, so its nested unit of work commits nothing and the batch goes on; no
 * SQL runs for it, so nothing can abort the shared transaction. Any other failure of a command rolls the whole batch
 * back: that command is answered with its failure and the others are run again in a new batch. A failed commit
 * answers every command of the batch with the failure (an append conflict with another process is retried instead).
 */
final class GroupCommitCommandBus implements CommandBus, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitCommandBus.class);
    private static final Message<String> BATCH = new GenericMessage<>("command batch");

    private final TransactionManager transactionManager;
    private final MessageMonitor<? super CommandMessage<?>> monitor;
    private final Function<CommandMessage<?>, String> aggregateOf;
    private final BatchPreparation preparation;
    private final Predicate<Throwable> isRefusal;
    private final Predicate<Throwable> isConflict;
    private final int maxBatch;
    private final int maxConflictRetries;
    private final Map<String, MessageHandler<? super CommandMessage<?>>> handlers = new ConcurrentHashMap<>();
    private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> handlerInterceptors = new CopyOnWriteArrayList<>();
    private final List<MessageDispatchInterceptor<? super CommandMessage<?>>> dispatchInterceptors = new CopyOnWriteArrayList<>();
    private final Shard[] shards;
    private volatile boolean running;

    /** What a batch does inside its transaction before its commands run. */
    interface BatchPreparation {
        void prepare(List<CommandMessage<?>> commands);
    }

    GroupCommitCommandBus(TransactionManager transactionManager, MessageMonitor<? super CommandMessage<?>> monitor,
                          Function<CommandMessage<?>, String> aggregateOf, BatchPreparation preparation,
                          Predicate<Throwable> isRefusal, Predicate<Throwable> isConflict, int shards, int maxBatch,
                          int maxConflictRetries) {
        this.transactionManager = transactionManager;
        this.monitor = monitor;
        this.aggregateOf = aggregateOf;
        this.preparation = preparation;
        this.isRefusal = isRefusal;
        this.isConflict = isConflict;
        this.maxBatch = maxBatch;
        this.maxConflictRetries = maxConflictRetries;
        this.shards = new Shard[shards];
        for (int i = 0; i < shards; i++) {
            this.shards[i] = new Shard(i);
        }
    }

    // ---- CommandBus ---------------------------------------------------------------------------------------------

    @Override
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        CommandMessage<?> intercepted = command;
        for (MessageDispatchInterceptor<? super CommandMessage<?>> interceptor : dispatchInterceptors) {
            intercepted = (CommandMessage<?>) interceptor.handle(intercepted);
        }
        MessageMonitor.MonitorCallback monitored = monitor.onMessageIngested(intercepted);
        MessageHandler<? super CommandMessage<?>> handler = handlers.get(intercepted.getCommandName());
        if (handler == null || !running) {
            RuntimeException refused = handler == null
                    ? new NoHandlerForCommandException("No handler was subscribed for command [" + intercepted.getCommandName() + "]")
                    : new IllegalStateException("the command bus is shutting down");
            monitored.reportFailure(refused);
            callback.onResult(command, asCommandResultMessage(refused));
            return;
        }
        @SuppressWarnings("unchecked")
        CommandCallback<Object, Object> untyped = (CommandCallback<Object, Object>) (CommandCallback<?, ?>) callback;
        String aggregate = aggregateOf.apply(intercepted);
        Shard shard = shards[Math.floorMod(aggregate.hashCode(), shards.length)];
        Pending pending = new Pending(intercepted, handler, untyped, monitored, 0);
        shard.submit(pending);
        if (!running && shard.queue.remove(pending)) {
            // the bus stopped between the check above and the queueing: nobody may run it any more
            pending.refuseAsStopping();
        }
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        dispatch(command, (message, result) -> {
        });
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        handlers.put(commandName, handler);
        return () -> handlers.remove(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        handlerInterceptors.add(interceptor);
        return () -> handlerInterceptors.remove(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        dispatchInterceptors.add(interceptor);
        return () -> dispatchInterceptors.remove(interceptor);
    }

    // ---- lifecycle: workers start with the application and drain their queues when it stops -----------------

    @Override
    public void start() {
        running = true;
        for (Shard shard : shards) {
            shard.start();
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Shard shard : shards) {
            shard.awaitDrained();
        }
        for (Shard shard : shards) {
            shard.refuseLeftovers();
        }
    }

    /** Commands waiting for a batch, on every shard (not counting the batches being run). */
    int queued() {
        int queued = 0;
        for (Shard shard : shards) {
            queued += shard.queue.size();
        }
        return queued;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server has finished its requests (graceful shutdown), before the database goes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }

    // ---- batches ------------------------------------------------------------------------------------------------

    /** A command waiting for its batch; {@code conflicts} counts the batches it was in that lost an append race. */
    private record Pending(CommandMessage<?> command, MessageHandler<? super CommandMessage<?>> handler,
                           CommandCallback<Object, Object> callback, MessageMonitor.MonitorCallback monitored,
                           int conflicts) {

        void answer(ResultMessage<?> result) {
            if (result.isExceptional()) {
                monitored.reportFailure(result.exceptionResult());
            } else {
                monitored.reportSuccess();
            }
            callback.onResult(command, asCommandResultMessage(result));
        }

        void refuseAsStopping() {
            answer(asCommandResultMessage(new IllegalStateException("the command bus is shutting down")));
        }

        Pending afterConflict() {
            return new Pending(command, handler, callback, monitored, conflicts + 1);
        }
    }

    /** A command whose batch rolled back because of it. */
    private record FailedCommand(int index, ResultMessage<?> result) {
    }

    private final class Shard implements Runnable {

        private final LinkedBlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
        private final Thread worker;

        Shard(int number) {
            worker = new Thread(this, "command-batch-" + number);
            worker.setDaemon(true);
        }

        void start() {
            worker.start();
        }

        void submit(Pending pending) {
            queue.add(pending);
        }

        void awaitDrained() {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Answers what was queued after the worker saw the bus stop (a dispatch racing with stop), so none waits. */
        void refuseLeftovers() {
            for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
                pending.refuseAsStopping();
            }
        }

        @Override
        public void run() {
            List<Pending> batch = new ArrayList<>(maxBatch);
            while (running || !queue.isEmpty()) {
                try {
                    Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    run(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException | Error unexpected) {
                    log.error("A command batch failed unexpectedly", unexpected);
                    batch.forEach(pending -> pending.answer(asCommandResultMessage(unexpected)));
                } finally {
                    batch.clear();
                }
            }
        }

        private void run(List<Pending> batch) {
            List<ResultMessage<?>> results = new ArrayList<>(batch.size());
            UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(BATCH);
            try {
                root.attachTransaction(transactionManager);
                preparation.prepare(batch.stream().<CommandMessage<?>>map(Pending::command).toList());
                FailedCommand failed = handleEach(batch, results);
                if (failed != null) {
                    root.rollback(failed.result().exceptionResult());
                    batch.get(failed.index()).answer(failed.result());
                    List<Pending> others = new ArrayList<>(batch);
                    others.remove(failed.index());
                    requeueAtFront(others);
                    return;
                }
                root.commit();
            } catch (RuntimeException | Error failure) {
                if (root.isActive()) {
                    root.rollback(failure);
                }
                answerFailedCommit(batch, failure);
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer(results.get(i));
            }
        }

        /** Runs each command in its own nested unit of work; stops at the first that had to roll back. */
        private FailedCommand handleEach(List<Pending> batch, List<ResultMessage<?>> results) {
            for (int i = 0; i < batch.size(); i++) {
                Pending pending = batch.get(i);
                DefaultUnitOfWork<CommandMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(pending.command());
                DefaultInterceptorChain<CommandMessage<?>> chain =
                        new DefaultInterceptorChain<>(unitOfWork, handlerInterceptors, pending.handler());
                ResultMessage<?> result = unitOfWork.executeWithResult(chain::proceed, rollbackUnlessRefused());
                if (unitOfWork.isRolledBack()) {
                    return new FailedCommand(i, result);
                }
                results.add(result);
            }
            return null;
        }

        private void answerFailedCommit(List<Pending> batch, Throwable failure) {
            List<Pending> retried = new ArrayList<>();
            for (Pending pending : batch) {
                if (isConflict.test(failure) && pending.conflicts() < maxConflictRetries) {
                    retried.add(pending.afterConflict());
                } else {
                    pending.answer(asCommandResultMessage(failure));
                }
            }
            if (!retried.isEmpty()) {
                log.debug("A batch of {} commands lost an append race; running them again", retried.size());
                requeueAtFront(retried);
            }
        }

        /** Puts commands back ahead of everything queued since, in their order. */
        private void requeueAtFront(List<Pending> commands) {
            for (int i = commands.size() - 1; i >= 0; i--) {
                queue.addFirst(commands.get(i));
            }
        }
    }

    /** A refusal was decided before anything was applied: its nested unit of work commits (nothing) and the batch goes on. */
    private RollbackConfiguration rollbackUnlessRefused() {
        return failure -> !isRefusal.test(failure);
    }
}
