package io.stagedoor.platform.web;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.http.converter.HttpMessageNotReadableException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.UUID;

/**
 * The one place where failures become HTTP answers: the contract's codes as problem+json, malformed input as
 * 2011, an unreachable database as 2015 with {@code Retry-After}. Bodies carry no stack trace and no SQL.
 */
@RestControllerAdvice
public class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(RequestRefused.class)
    ResponseEntity<ProblemDetail> refused(RequestRefused refused) {
        return answer(Problems.of(refused.error()));
    }

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInput invalid) {
        return answer(Problems.of(ErrorCode.MALFORMED_REQUEST, invalid.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException unreadable) {
        InvalidInput invalid = causeOfType(unreadable, InvalidInput.class);
        if (invalid != null) {
            return answer(Problems.of(ErrorCode.MALFORMED_REQUEST, invalid.getMessage()));
        }
        return answer(Problems.of(ErrorCode.MALFORMED_REQUEST, describe(unreadable)));
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, HandlerMethodValidationException.class})
    ResponseEntity<ProblemDetail> badParameter(Exception exception) {
        return answer(Problems.of(ErrorCode.MALFORMED_REQUEST, "a parameter has the wrong type or shape"));
    }

    /** Framework errors that already know their status (404 no such path, 405, 406, 415): code 2011. */
    @ExceptionHandler({HttpRequestMethodNotSupportedException.class, HttpMediaTypeNotSupportedException.class,
            HttpMediaTypeNotAcceptableException.class, NoResourceFoundException.class,
            MissingServletRequestParameterException.class, MissingRequestHeaderException.class,
            ErrorResponseException.class})
    ResponseEntity<ProblemDetail> framework(Exception exception) {
        ErrorResponse error = (ErrorResponse) exception;
        String detail = error.getStatusCode().value() == 404 ? "no such endpoint"
                : error.getBody().getDetail() != null ? error.getBody().getDetail() : "request not acceptable";
        return answer(Problems.of(ErrorCode.MALFORMED_REQUEST, error.getStatusCode(), detail));
    }

    @ExceptionHandler({TransientDataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception exception) {
        log.warn("Database unavailable: {}", exception.getClass().getSimpleName());
        return unavailable("the database is unavailable; retry later");
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> dataAccess(DataAccessException exception, HttpServletRequest request) {
        return unexpected(exception, request);
    }

    /**
     * Whether a failure comes from losing the database rather than from a bug: no connection within the pool's
     * timeout, a connection broken or refused, the server shutting down, a statement cancelled by its timeout. Such
     * failures reach here wrapped in whatever Axon, Spring or the driver made of them. A command that failed so may
     * or may not have committed: the client retries it with the same Idempotency-Key.
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectException || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof TransientDataAccessException || cause instanceof CannotCreateTransactionException
                    || (cause instanceof TransactionSystemException && cause.getCause() instanceof SQLException)) {
                return true; // a commit or rollback that failed in JDBC: the connection is gone
            }
            if (cause instanceof SQLException sql && (sql.getSQLState() == null || sql.getSQLState().startsWith("08")
                    || sql.getSQLState().startsWith("53") || sql.getSQLState().startsWith("57"))) {
                return true; // no state: the pool's "Connection is closed"; 08 connection, 53 resources, 57 shutdown
            }
        }
        return false;
    }

    /** The client went away in the middle of a (streamed) answer: there is nobody to answer. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
        // nothing to send
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception, HttpServletRequest request) {
        InvalidInput invalid = causeOfType(exception, InvalidInput.class);
        if (invalid != null) {
            return invalid(invalid);
        }
        if (databaseUnavailable(exception)) {
            return unavailable(exception);
        }
        String errorId = UUID.randomUUID().toString();
        log.error("Unexpected failure [{}] on {} {}", errorId, request.getMethod(), request.getRequestURI(), exception);
        ProblemDetail problem = Problems.of(ErrorCode.UNAVAILABLE, HttpStatus.INTERNAL_SERVER_ERROR,
                "unexpected failure; retry later, and report error id " + errorId + " if it persists");
        problem.setProperty("errorId", errorId);
        return answer(problem);
    }

    static ResponseEntity<ProblemDetail> unavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                             .header(HttpHeaders.RETRY_AFTER, "1")
                             .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                             .body(Problems.of(ErrorCode.UNAVAILABLE, detail));
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(problem.getStatus())
                                                           .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == ErrorCode.RATE_LIMITED.httpStatus() || problem.getStatus() == 503) {
            builder.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return builder.body(problem);
    }

    /** Names the offending field without echoing the input. */
    private static String describe(HttpMessageNotReadableException unreadable) {
        UnrecognizedPropertyException unknown = causeOfType(unreadable, UnrecognizedPropertyException.class);
        if (unknown != null) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        DatabindException mismatch = causeOfType(unreadable, DatabindException.class);
        if (mismatch != null && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                                   .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                                           : "[" + reference.getIndex() + "]")
                                   .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("?");
            return "field '" + field + "' has the wrong type or value";
        }
        if (causeOfType(unreadable, StreamReadException.class) != null) {
            return "the request body is not valid JSON";
        }
        return "the request body is missing or not of the expected shape";
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
