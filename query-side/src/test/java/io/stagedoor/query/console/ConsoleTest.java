package io.stagedoor.query.console;

import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host console at {@code /console/}, from the files under {@code META-INF/resources/console/} (here a fixture in
 * the test resources): anyone may load it, with a strict Content-Security-Policy; nothing else about the service opens.
 */
class ConsoleTest {

    private static final String KEY = "console-test-key-0123456789";
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static ConfigurableApplicationContext context;
    private static Api service;
    private static Api anonymous;

    @BeforeAll
    static void start() {
        context = TestApplication.start(QuerySideApplication.class, WebApplicationType.SERVLET, TestDatabase.fresh(),
                "server.port=0", TestApplication.unusedTokenVerificationKey(), "stagedoor.api-keys=backend:" + KEY);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        service = new Api(port, KEY);
        anonymous = service.as(null);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void anyoneLoadsTheConsoleUnderAStrictPolicy() {
        Api.Answer bare = anonymous.get("/console");
        assertThat(bare.status()).isIn(301, 302);
        assertThat(bare.header("Location")).endsWith("/console/");

        Api.Answer page = anonymous.get("/console/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.raw().body()).contains("<title>Stagedoor console</title>");
        assertThat(page.raw().headers().allValues("Content-Security-Policy")).containsExactly(POLICY);
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.raw().headers().allValues("Cache-Control")).as("a new release is seen at the next load")
                                                                  .containsExactly("no-cache");
        assertThat(anonymous.send("HEAD", "/console/", null).status()).isEqualTo(200);

        Api.Answer script = anonymous.get("/console/assets/app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
        assertThat(script.raw().body()).contains("Stagedoor console");
        assertThat(script.header("Content-Security-Policy")).isEqualTo(POLICY);
        assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");

        assertThat(anonymous.get("/console/missing.js").status()).isEqualTo(404);
    }

    @Test
    void onlyReadingTheConsoleIsOpen() {
        Api.Answer post = anonymous.post("/console/", "{}");
        assertThat(post.status()).isEqualTo(401);
        assertThat(post.code()).isEqualTo(2012);
        assertThat(service.post("/console/", "{}").status()).as("nothing takes a POST there").isEqualTo(405);
        assertThat(service.as("not-a-key-0123456789").get("/console/").code())
                .as("credentials, when sent, are checked as anywhere").isEqualTo(2012);
        assertThat(anonymous.get("/v1/meetings/town-hall/stage").code()).isEqualTo(2012);
        assertThat(anonymous.get("/v3/api-docs").body().path("paths").fieldNames()).toIterable()
                .as("the console is no operation of the API").isNotEmpty()
                .noneMatch(path -> path.startsWith("/console"));
    }
}
