package io.stagedoor.command.engine;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * After a command carrying an idempotency key has been handled, stores its outcome under the key — in the unit of
 * work, so in the same database transaction as the events it appended.
 */
class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String METADATA_KEY = "idempotencyKey";

    private final IdempotencyStore store;

    IdempotencyInterceptor(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object outcome = chain.proceed();
        if (unitOfWork.getMessage().getMetaData().get(METADATA_KEY) instanceof IdempotencyKey key) {
            store.remember(key, outcome);
        }
        return outcome;
    }
}
