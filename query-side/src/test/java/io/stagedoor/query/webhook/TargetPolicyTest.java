package io.stagedoor.query.webhook;

import io.stagedoor.kernel.error.InvalidInput;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which targets a webhook may have, by address after resolution. */
class TargetPolicyTest {

    private final TargetPolicy strict = new TargetPolicy(false, false);

    @Test
    void refusesLoopbackPrivateLinkLocalAndMetadataAddresses() {
        for (String url : new String[]{"http://127.0.0.1/x", "http://localhost/x", "http://[::1]/x", "http://10.0.0.8/x",
                "http://172.16.5.4/x", "http://192.168.1.1/x", "http://169.254.169.254/latest/meta-data",
                "http://[fd00:ec2::254]/x", "http://100.100.100.200/x", "http://0.0.0.0/x", "http://[::ffff:127.0.0.1]/x"}) {
            assertThatThrownBy(() -> strict.require(url)).as(url).isInstanceOf(InvalidInput.class);
        }
    }

    @Test
    void refusesWhatIsNotAnHttpUrlToAHost() {
        for (String url : new String[]{"ftp://example.com/x", "http:///x", "https://user:pw@example.com/x", "not a url",
                "http://example.com/x#part"}) {
            assertThatThrownBy(() -> strict.require(url)).as(url).isInstanceOf(InvalidInput.class);
        }
    }

    @Test
    void configurationOpensLoopbackOrPrivateNetworks() {
        assertThat(new TargetPolicy(true, false).require("http://127.0.0.1:8080/hooks")).isEqualTo(
                URI.create("http://127.0.0.1:8080/hooks"));
        assertThat(new TargetPolicy(true, false).refusal(URI.create("http://10.0.0.8/x"))).isPresent();
        assertThat(new TargetPolicy(false, true).refusal(URI.create("http://10.0.0.8/x"))).isEmpty();
        assertThat(strict.refusal(URI.create("http://93.184.215.14/x"))).isEmpty();
    }
}
