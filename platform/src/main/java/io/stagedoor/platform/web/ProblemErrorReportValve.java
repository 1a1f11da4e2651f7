package io.stagedoor.platform.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatusCode;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Tomcat's own error page, for requests it rejects before any servlet runs (an encoded slash or NUL in the path,
 * a path that escapes the root, an unknown HTTP version): problem+json instead of HTML, no server details.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        if (status == 505) { // an HTTP version nobody speaks is a malformed request, not a server failure
            status = 400;
            response.setStatus(status);
        }
        var code = ProblemErrorController.codeFor(HttpStatusCode.valueOf(status));
        String detail = status >= 500 ? "unexpected failure; retry later" : "the request was rejected";
        String body = "{\"type\":\"" + Problems.TYPE_PREFIX + code.slug() + "\",\"title\":\"" + code.title()
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":" + code.code() + "}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away; nothing more to say
        }
    }
}
