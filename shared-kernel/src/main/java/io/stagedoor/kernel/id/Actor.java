package io.stagedoor.kernel.id;

import io.stagedoor.kernel.error.InvalidInput;

import java.util.Optional;

/**
 * Who performs a command: a participant of the meeting (checked against its current permissions) or a
 * service (which may do everything). Written as the participant's user id, or {@code service:<name>}.
 */
public sealed interface Actor permits Actor.Service, Actor.Participant {

    String SERVICE_PREFIX = "service:";

    /** The engine itself, for what happens without a caller: a stage request that times out. */
    Service ENGINE = new Service("stagedoor");

    /** The actor as written in events and the audit trail. */
    String value();

    /** The participant this actor is, if it is one. */
    Optional<UserId> userId();

    static Actor of(String value) {
        if (value != null && value.startsWith(SERVICE_PREFIX)) {
            return new Service(value.substring(SERVICE_PREFIX.length()));
        }
        return new Participant(new UserId(value));
    }

    static Service service(String name) {
        return new Service(name);
    }

    static Participant participant(UserId userId) {
        return new Participant(userId);
    }

    record Service(String name) implements Actor {

        public Service {
            IdFormat.require("service name", name);
            if (name.length() > IdFormat.MAX_LENGTH - SERVICE_PREFIX.length()) {
                throw new InvalidInput("service name is too long");
            }
        }

        @Override
        public String value() {
            return SERVICE_PREFIX + name;
        }

        @Override
        public Optional<UserId> userId() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return value();
        }
    }

    record Participant(UserId user) implements Actor {

        public Participant {
            if (user == null) {
                throw new InvalidInput("participant actor needs a userId");
            }
        }

        @Override
        public String value() {
            return user.value();
        }

        @Override
        public Optional<UserId> userId() {
            return Optional.of(user);
        }

        @Override
        public String toString() {
            return value();
        }
    }
}
