package io.stagedoor.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which properties the API description lists as {@code required} (decisions #69). In an answer: those Jackson always
 * writes, read from the record behind the schema — every component, unless {@code @JsonInclude} on the record or the
 * component leaves nulls out; there, a primitive (never null) and a component marked
 * {@code @Schema(requiredMode = REQUIRED)} (never null). A component that is always written but may be null says so with
 * a nullable type ({@code @Schema(types = {"string", "null"})}). In a request: only the components marked
 * {@code @Schema(requiredMode = REQUIRED)}, those the server refuses a request without.
 * <p>
 * As a model converter it notes on each record's schema which properties Jackson always writes; {@link #require} then
 * lists them as required in the schemas answers use, and nowhere else.
 */
final class RequiredProperties implements ModelConverter {

    /** Where the converter notes the properties always written, until {@link #require} reads and removes it. */
    static final String ALWAYS_WRITTEN = "x-stagedoor-always-written";
    /**
     * Jackson's defaults, as the service's JSON has them: every property written, nulls too, unless annotated. (Not
     * swagger's mapper, which leaves nulls out to write the description itself.)
     */
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        JavaType javaType = JACKSON.constructType(type.getType());
        if (resolved == null || !javaType.getRawClass().isRecord()) {
            return resolved;
        }
        Schema<?> model = resolved.get$ref() != null ? context.getDefinedModels().get(name(resolved.get$ref())) : resolved;
        if (model != null && model.getProperties() != null) {
            List<String> always = alwaysWritten(javaType).stream().filter(model.getProperties()::containsKey).toList();
            if (!always.isEmpty()) {
                model.addExtension(ALWAYS_WRITTEN, always);
            }
        }
        return resolved;
    }

    /** The properties of a record Jackson writes whatever their value. */
    static List<String> alwaysWritten(JavaType record) {
        SerializationConfig config = JACKSON.getSerializationConfig();
        BeanDescription bean = config.introspect(record);
        JsonInclude.Value byRecord = bean.findPropertyInclusion(config.getDefaultPropertyInclusion(record.getRawClass()));
        List<String> always = new ArrayList<>();
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (!property.couldSerialize()) {
                continue;
            }
            boolean written = switch (byRecord.withOverrides(property.findInclusion()).getValueInclusion()) {
                case ALWAYS, USE_DEFAULTS -> true;
                case NON_NULL, NON_ABSENT -> property.getRawPrimaryType().isPrimitive();
                default -> false; // NON_EMPTY, NON_DEFAULT, CUSTOM may leave out a value too
            };
            if (written) {
                always.add(property.getName());
            }
        }
        return always;
    }

    /**
     * Lists as required, in every schema an answer uses (and no request), the properties the converter found always
     * written; removes its notes from every schema. Every list of required properties is sorted, as the properties are
     * in {@code docs/openapi.json}.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static void require(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Set<String> inAnswers = new HashSet<>();
        Set<String> inRequests = new HashSet<>();
        if (openApi.getPaths() != null) {
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                answers(operation).forEach(media -> reach(media.getSchema(), schemas, inAnswers));
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    operation.getRequestBody().getContent().values()
                             .forEach(media -> reach(media.getSchema(), schemas, inRequests));
                }
            }));
        }
        schemas.forEach((name, schema) -> {
            Set<String> required = new TreeSet<>(schema.getRequired() == null ? List.of() : schema.getRequired());
            Object always = schema.getExtensions() == null ? null : schema.getExtensions().remove(ALWAYS_WRITTEN);
            if (schema.getExtensions() != null && schema.getExtensions().isEmpty()) {
                schema.setExtensions(null);
            }
            if (always instanceof List<?> names && inAnswers.contains(name) && !inRequests.contains(name)) {
                names.forEach(property -> required.add((String) property));
            }
            schema.setRequired(required.isEmpty() ? null : new ArrayList<>(required));
        });
    }

    private static Stream<MediaType> answers(Operation operation) {
        if (operation.getResponses() == null) {
            return Stream.empty();
        }
        return operation.getResponses().entrySet().stream()
                        .filter(response -> response.getKey().startsWith("2") && response.getValue().getContent() != null)
                        .flatMap(response -> response.getValue().getContent().values().stream());
    }

    /** Adds to {@code reached} the names of the component schemas {@code schema} uses, itself included. */
    @SuppressWarnings("rawtypes")
    private static void reach(Schema<?> schema, Map<String, Schema> components, Set<String> reached) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = name(schema.get$ref());
            if (reached.add(name)) {
                reach(components.get(name), components, reached);
            }
            return;
        }
        List<Schema> used = new ArrayList<>();
        if (schema.getProperties() != null) {
            used.addAll(schema.getProperties().values());
        }
        if (schema.getItems() != null) {
            used.add(schema.getItems());
        }
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            used.add(values);
        }
        Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()).filter(Objects::nonNull).forEach(used::addAll);
        used.forEach(schemaUsed -> reach(schemaUsed, components, reached));
    }

    private static String name(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }
}
