package io.stagedoor.cluster;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployments put the token signing key where the design does: the command side mounts it, no query node does —
 * in the Kubernetes manifests and in the compose cluster. Query nodes verify with the command side's JWKS.
 */
class DeploymentKeysTest {

    private static final Path DEPLOY = Path.of(System.getProperty("stagedoor.root", "../.."), "deploy");
    private static final List<String> SIGNING_KEY = List.of("STAGEDOOR_TOKENS_KEY_FILE", "stagedoor-token-key",
            "token-signing-key");

    @Test
    void onlyTheCommandSidesKubernetesManifestHoldsTheSigningKey() throws IOException {
        String query = everyValue(Files.readString(DEPLOY.resolve("k8s/query-side.yaml")));
        String command = everyValue(Files.readString(DEPLOY.resolve("k8s/command-side.yaml")));
        assertThat(query).doesNotContain(SIGNING_KEY).contains("STAGEDOOR_TOKENS_JWKS_URI");
        assertThat(command).contains("STAGEDOOR_TOKENS_KEY_FILE", "stagedoor-token-key");
    }

    @Test
    void theComposeClustersQueryNodesHaveNoSigningKey() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(DEPLOY.resolve("compose.yaml")));
        Map<?, ?> services = (Map<?, ?>) compose.get("services");
        String query = everyValue(services.get("query"));
        assertThat(query).doesNotContain(SIGNING_KEY).contains("STAGEDOOR_TOKENS_JWKS_URI");
        assertThat(everyValue(services.get("command"))).contains("STAGEDOOR_TOKENS_KEY_FILE");
    }

    /** Every key and value of every YAML document (anchors resolved), one per line. */
    private static String everyValue(String yaml) {
        List<String> values = new ArrayList<>();
        new Yaml().loadAll(yaml).forEach(document -> collect(document, values));
        return String.join("\n", values);
    }

    private static String everyValue(Object document) {
        List<String> values = new ArrayList<>();
        collect(document, values);
        return String.join("\n", values);
    }

    private static void collect(Object node, List<String> values) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                values.add(String.valueOf(key));
                collect(value, values);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, values));
        } else if (node != null) {
            values.add(node.toString());
        }
    }
}
