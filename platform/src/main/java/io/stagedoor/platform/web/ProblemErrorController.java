package io.stagedoor.platform.web;

import io.swagger.v3.oas.annotations.Hidden;
import io.stagedoor.kernel.error.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers what reaches the servlet container's error page (a request the firewall rejected, an error outside
 * Spring MVC) as problem+json, instead of Boot's default error body.
 */
@Hidden // Spring's error page, not an operation of the API
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(attribute instanceof Integer)) { // asked for directly: there is no such endpoint
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                                 .body(Problems.of(ErrorCode.MALFORMED_REQUEST, HttpStatus.NOT_FOUND, "no such endpoint"));
        }
        HttpStatusCode status = HttpStatusCode.valueOf((Integer) attribute);
        ProblemDetail problem = Problems.of(codeFor(status), status, status.is5xxServerError()
                ? "unexpected failure; retry later" : "the request was rejected: " + reason(status));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    static ErrorCode codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN_SCOPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> status.is5xxServerError() ? ErrorCode.UNAVAILABLE : ErrorCode.MALFORMED_REQUEST;
        };
    }

    private static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "status " + status.value() : known.getReasonPhrase().toLowerCase();
    }
}
