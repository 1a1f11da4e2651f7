package io.stagedoor.command.engine;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Commands carrying an idempotency key: a key that already holds an answer refuses the command
 * ({@link IdempotencyStore.IdempotencyKeyTaken}, which the HTTP edge answers by replaying the stored answer); a command
 * that succeeds has its outcome stored under its key when its batch commits — in the same transaction as its events.
 * The keys of a batch are looked up once, in {@link #beginBatch}, while the batch holds their locks.
 */
class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String METADATA_KEY = "idempotencyKey";
    private static final String BATCH = IdempotencyInterceptor.class.getName() + ".batch";

    private final IdempotencyStore store;

    IdempotencyInterceptor(IdempotencyStore store) {
        this.store = store;
    }

    /**
     * The idempotency keys of one batch: those that hold an answer (stored before, or by an earlier command of the
     * batch; named by scope and key, whatever the request was), and the answers to store at its commit.
     */
    private static final class Batch {
        final Set<String> answered = new HashSet<>();
        final List<IdempotencyStore.Answer> answers = new ArrayList<>();

        Batch(Collection<IdempotencyKey> answered) {
            answered.forEach(key -> this.answered.add(name(key)));
        }

        static String name(IdempotencyKey key) {
            return key.scope() + '\0' + key.key();
        }
    }

    /** Looks the batch's keys up, in the batch's transaction (the root unit of work), and stores answers at its commit. */
    void beginBatch(UnitOfWork<?> root, Collection<IdempotencyKey> keys) {
        Batch batch = new Batch(store.taken(keys));
        root.resources().put(BATCH, batch);
        root.onPrepareCommit(u -> store.rememberAll(batch.answers));
    }

    static IdempotencyKey keyOf(CommandMessage<?> command) {
        return command.getMetaData().get(METADATA_KEY) instanceof IdempotencyKey key ? key : null;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        IdempotencyKey key = keyOf(unitOfWork.getMessage());
        if (key == null) {
            return chain.proceed();
        }
        Batch batch = unitOfWork.root().getResource(BATCH);
        if (batch == null) {
            throw new IllegalStateException("a command with an idempotency key ran outside a command batch");
        }
        if (!batch.answered.add(Batch.name(key))) {
            throw new IdempotencyStore.IdempotencyKeyTaken();
        }
        Object outcome;
        try {
            outcome = chain.proceed();
        } catch (Exception | Error refusedOrFailed) {
            batch.answered.remove(Batch.name(key)); // only successes are remembered: a later retry may run
            throw refusedOrFailed;
        }
        batch.answers.add(new IdempotencyStore.Answer(key, outcome));
        return outcome;
    }
}
