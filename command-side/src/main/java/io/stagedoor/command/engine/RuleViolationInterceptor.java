package io.stagedoor.command.engine;

import io.stagedoor.command.stage.StageRuleViolation;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Sends a broken stage rule across the command bus as what it is: a business error with a code
 * ({@link io.stagedoor.kernel.error.StageError} as the exception's details), not an exception to parse.
 */
class RuleViolationInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        try {
            return chain.proceed();
        } catch (StageRuleViolation violation) {
            throw new CommandExecutionException(violation.getMessage(), null, violation.error(), false);
        }
    }
}
