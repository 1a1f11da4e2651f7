package io.stagedoor.platform.identity;

import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityTest {

    @Test
    void apiKeysNameTheirServiceAndRefuseWeakOrAmbiguousConfiguration() {
        ApiKeys keys = ApiKeys.parse("billing:billing-secret-0123456789, crm:crm-secret-0123456789");
        assertThat(keys.serviceFor("crm-secret-0123456789")).contains("crm");
        assertThat(keys.serviceFor("billing-secret-0123456789")).contains("billing");
        assertThat(keys.serviceFor("crm-secret-012345678")).isEmpty();
        assertThat(ApiKeys.parse("").isEmpty()).isTrue();
        assertThatThrownBy(() -> ApiKeys.parse("crm:short")).hasMessageContaining("shorter than 16").hasMessageNotContaining("short\"");
        assertThatThrownBy(() -> ApiKeys.parse("stagedoor:long-enough-secret-123")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> ApiKeys.parse("a:long-enough-secret-123,a:other-long-secret-456")).hasMessageContaining("twice");
        assertThatThrownBy(() -> ApiKeys.parse("no-colon-here")).hasMessage("API key entry 1 is not of the form name:secret");
    }

    @Test
    void callersAreServicesByKeyAndParticipantsByTokenUntilItExpires() {
        TestSigner signer = new TestSigner();
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        AtomicReference<Instant> time = new AtomicReference<>(now);
        Clock clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return time.get();
            }
        };
        Callers callers = new Callers(ApiKeys.parse("crm:crm-secret-0123456789"),
                TokenVerifier.withPublicKey(signer.publicKey(), clock), clock);
        String token = signer.sign("m-1", "ada", 7L, now.plus(Duration.ofHours(1)));

        assertThat(callers.of("crm-secret-0123456789")).contains(new Caller.Service("crm"));
        assertThat(callers.of(token)).contains(new Caller.Participant(MeetingId.of("m-1"), UserId.of("ada"), 7));
        assertThat(callers.of(token.substring(0, token.length() - 4) + "AAAA")).as("tampered").isEmpty();
        assertThat(callers.of(new TestSigner().sign("m-1", "ada", 7L, now.plus(Duration.ofHours(1)))))
                .as("signed with another key").isEmpty();
        assertThat(callers.of("not-a-key-or-token")).isEmpty();

        time.set(now.plus(Duration.ofMinutes(60)).plusSeconds(4));
        assertThat(callers.of(token)).as("within the clock skew").isPresent();
        time.set(now.plus(Duration.ofMinutes(61)));
        assertThat(callers.of(token)).as("expired, though verified before").isEmpty();
    }
}
