package io.stagedoor.platform.web;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses two Java types described under one schema name. A component is named after its type's simple name, so two
 * records both called {@code Participant} would share {@code #/components/schemas/Participant}, and every answer of the
 * one would be described as the other: one of them silently loses its properties. Here the description fails to build
 * instead (and with it {@code CommittedApiDescriptionTest}), naming both types; give one of them a name of its own
 * (rename it, or {@code @Schema(name = …)}).
 */
final class UniqueSchemaNames implements ModelConverter {

    /** The type each schema name was given to, across every description this process builds. */
    private final Map<String, Class<?>> types = new ConcurrentHashMap<>();

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (resolved == null || type.getType() == null) {
            return resolved;
        }
        String name = resolved.get$ref() != null ? resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1)
                : resolved.getName();
        if (name == null || !context.getDefinedModels().containsKey(name)) {
            return resolved; // not a component: a string, a list, a map …
        }
        JavaType javaType = Json.mapper().constructType(type.getType());
        if (javaType.isContainerType() || javaType.isReferenceType() || javaType.getRawClass().getName().startsWith("java.")) {
            return resolved; // a list, a map, an Optional: described by what it holds
        }
        Class<?> raw = javaType.getRawClass();
        Class<?> earlier = types.putIfAbsent(name, raw);
        if (earlier != null && earlier != raw) {
            throw new IllegalStateException("two types are described as the schema '" + name + "': "
                    + earlier.getName() + " and " + raw.getName() + "; give one a name of its own (rename it, or "
                    + "@Schema(name = …))");
        }
        return resolved;
    }
}
