package io.stagedoor.kernel.command;

import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.UserId;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Whom a host command acts on: listed users, every request pending when the command runs, or the oldest of them. */
public sealed interface TargetUsers permits TargetUsers.Listed, TargetUsers.AllPending, TargetUsers.Oldest {

    int MAX_LISTED = 1000;

    static Listed listed(List<UserId> userIds) {
        return new Listed(userIds);
    }

    static AllPending allPending() {
        return new AllPending();
    }

    static Oldest oldest(int count) {
        return new Oldest(count);
    }

    /** 1–1000 user ids, in the order given; duplicates are ignored. */
    record Listed(Set<UserId> userIds) implements TargetUsers {

        public Listed {
            if (userIds == null || userIds.isEmpty()) {
                throw new InvalidInput("userIds must name at least one user");
            }
            if (userIds.contains(null)) {
                throw new InvalidInput("userIds may not contain null");
            }
            userIds = Collections.unmodifiableSet(new LinkedHashSet<>(userIds));
            if (userIds.size() > MAX_LISTED) {
                throw new InvalidInput("userIds may name at most " + MAX_LISTED + " users");
            }
        }

        Listed(List<UserId> userIds) {
            this(userIds == null ? null : new LinkedHashSet<>(userIds));
        }
    }

    /** Every request pending at the moment the command runs ("accept all", "lower all hands"). */
    record AllPending() implements TargetUsers {
    }

    /** The {@code count} oldest requests pending when the command runs ("grant next"), 1–1000. */
    record Oldest(int count) implements TargetUsers {

        public Oldest {
            if (count < 1 || count > MAX_LISTED) {
                throw new InvalidInput("next must be between 1 and " + MAX_LISTED);
            }
        }
    }
}
