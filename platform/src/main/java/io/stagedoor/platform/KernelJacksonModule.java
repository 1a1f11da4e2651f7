package io.stagedoor.platform;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.stagedoor.kernel.command.UnchangedReason;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;

import java.io.IOException;
import java.util.function.Function;

/**
 * Writes the kernel's single-value ids as plain JSON strings ({@code "m-1"}, not {@code {"value":"m-1"}}),
 * in stored events, snapshots and map keys, and reads them back through their validating constructors.
 * An {@link UnchangedReason} is written as its documented text, as outcomes remembered for an
 * {@code Idempotency-Key} always stored it.
 */
public final class KernelJacksonModule extends SimpleModule {

    public KernelJacksonModule() {
        super("stagedoor-kernel");
        asString(MeetingId.class, MeetingId::value, MeetingId::new);
        asString(UserId.class, UserId::value, UserId::new);
        asString(PresetName.class, PresetName::value, PresetName::new);
        asString(Actor.class, Actor::value, Actor::of);
        addSerializer(Actor.Service.class, stringSerializer(Actor::value));
        addSerializer(Actor.Participant.class, stringSerializer(Actor::value));
        asString(UnchangedReason.class, UnchangedReason::text, UnchangedReason::ofText);
    }

    private <T> void asString(Class<T> type, Function<? super T, String> write, Function<String, T> read) {
        addSerializer(type, stringSerializer(write));
        addDeserializer(type, new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                return read.apply(parser.getValueAsString());
            }
        });
        addKeyDeserializer(type, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext context) {
                return read.apply(key);
            }
        });
    }

    private static <T> JsonSerializer<T> stringSerializer(Function<? super T, String> write) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(write.apply(value));
            }
        };
    }
}
