package io.stagedoor.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says where Stagedoor answers once it is up, and how to authenticate. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String base = "http://localhost:" + web.getWebServer().getPort();
        Environment environment = event.getApplicationContext().getEnvironment();
        String devKeyFile = environment.getProperty(DevelopmentApiKey.FILE_PROPERTY);
        String credentials = devKeyFile == null ? "with a key from STAGEDOOR_API_KEYS"
                : "with the development key: -H \"Authorization: Bearer $(cat " + devKeyFile + ")\"";
        log.info("""

                Stagedoor is up.
                  API              {}/v1   (authenticate {})
                  API description  {}/swagger-ui.html
                  health           {}/actuator/health""", base, credentials, base, base);
    }
}
