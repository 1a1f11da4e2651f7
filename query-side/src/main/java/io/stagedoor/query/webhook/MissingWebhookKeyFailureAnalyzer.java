package io.stagedoor.query.webhook;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A query node without a webhook secret key says what to set, in one short report. */
class MissingWebhookKeyFailureAnalyzer extends AbstractFailureAnalyzer<SecretBox.MissingWebhookKey> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecretBox.MissingWebhookKey cause) {
        return new FailureAnalysis("No key to encrypt webhook secrets with: stagedoor.webhooks.secret-key-file "
                + "(STAGEDOOR_WEBHOOKS_SECRET_KEY_FILE) is not set.",
                "Set STAGEDOOR_WEBHOOKS_SECRET_KEY_FILE to a file every query node can read (the same file on every "
                        + "node: it is generated there if missing). The standalone keeps it in its home directory.",
                cause);
    }
}
