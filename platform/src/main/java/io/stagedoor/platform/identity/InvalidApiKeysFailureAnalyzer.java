package io.stagedoor.platform.identity;

import org.springframework.beans.BeanInstantiationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start refused because {@code STAGEDOOR_API_KEYS} is not valid ({@link ApiKeys#parse}): which entry and
 * why. Never a secret: the refusal names an entry by its position or its service name only.
 */
class InvalidApiKeysFailureAnalyzer extends AbstractFailureAnalyzer<BeanInstantiationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BeanInstantiationException cause) {
        if (!ApiKeys.class.equals(cause.getBeanClass()) || !(cause.getCause() instanceof IllegalArgumentException invalid)) {
            return null;
        }
        return new FailureAnalysis("STAGEDOOR_API_KEYS (stagedoor.api-keys) is not valid: " + invalid.getMessage() + ".",
                "Give each calling service a key as name:secret, separated by commas, each secret at least "
                        + ApiKeys.MIN_SECRET_LENGTH + " characters long (openssl rand -base64 24 makes one); the name "
                        + "'stagedoor' is reserved.", cause);
    }
}
