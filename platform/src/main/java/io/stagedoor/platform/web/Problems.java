package io.stagedoor.platform.web;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.StageError;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/**
 * RFC 9457 problem details for the contract's errors: a stable {@code type} per code, a human {@code detail},
 * the numeric {@code code}. Never a stack trace, never SQL.
 */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:stagedoor:problem:";

    private Problems() {
    }

    public static ProblemDetail of(StageError error) {
        return of(error.code(), HttpStatusCode.valueOf(error.code().httpStatus()), error.detail());
    }

    public static ProblemDetail of(ErrorCode code, String detail) {
        return of(code, HttpStatusCode.valueOf(code.httpStatus()), detail);
    }

    /** For framework errors whose HTTP status says more than the code's (404 unknown path, 405 wrong method). */
    public static ProblemDetail of(ErrorCode code, HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code.slug()));
        problem.setTitle(code.title());
        problem.setProperty("code", code.code());
        return problem;
    }
}
