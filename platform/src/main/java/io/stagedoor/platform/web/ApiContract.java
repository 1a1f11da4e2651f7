package io.stagedoor.platform.web;

import io.stagedoor.kernel.error.ErrorCode;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents an endpoint in the API description: a summary, example request and answer, and the refusals it
 * can answer (each shown with an example problem body). Credentials, malformed input and unavailability
 * (2011, 2012, 2013, 2015) are added to every secured endpoint by {@link OpenApiConfiguration}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ApiContract {

    String summary();

    String description() default "";

    /** JSON of an example request body; empty if the endpoint takes none. */
    String requestExample() default "";

    /** JSON of an example successful answer. */
    String answerExample() default "";

    ErrorCode[] refusals() default {};

    /** The statuses of a successful answer (all shown with {@link #answerExample()}). */
    int[] successStatuses() default {200};

    /**
     * The type of the successful answer, where the method's return type does not say it ({@code ResponseEntity<?>});
     * {@code Void} to keep what the return type says.
     */
    Class<?> answer() default Void.class;

    /** A command: it takes {@code If-Match} and {@code Idempotency-Key} (and can answer 2009, 2010). */
    boolean command() default true;
}
