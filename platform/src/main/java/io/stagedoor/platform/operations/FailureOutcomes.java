package io.stagedoor.platform.operations;

/**
 * The {@code outcome} tag a failed message is counted under: a component that can tell a refusal (a broken rule, an
 * unknown meeting: the caller's mistake, answered with its code) from a fault provides one as a bean, so operators
 * alert on faults, not on refusals.
 */
@FunctionalInterface
public interface FailureOutcomes {

    /** Every failure is a {@code failure}: what a component that defines no bean gets. */
    FailureOutcomes ALL_FAILURES = failure -> "failure";

    String of(Throwable failure);
}
