package io.stagedoor.platform.web;

import io.stagedoor.kernel.error.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The API description (OpenAPI 3, generated from the controllers, browsable at {@code /swagger-ui.html}), with an
 * example for every request, answer and refusal.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper EXAMPLES = new ObjectMapper();

    @Bean
    OpenAPI stagedoorOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Stagedoor").version("v1")
                                .description("Who may be on stage in webinars and livestreams: commands, read models, "
                                        + "live notifications. Errors are RFC 9457 problem+json with a numeric `code`.")
                                .license(new License().name("Apache-2.0"))
                                .contact(new Contact().name("Stagedoor maintainers")))
                // relative: the API answers where it is deployed (a fixed description for every deployment)
                .servers(List.of(new Server().url("/").description("this Stagedoor")))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A service's API key, or a participant's token (JWT)."))
                        .addSchemas("Problem", problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** Notes the properties each answer always has; {@link #answerSchemasAndTags} lists them as required. */
    @Bean
    ModelConverter requiredProperties() {
        return new RequiredProperties();
    }

    /** Refuses two types described under one schema name (one of them would lose its properties). */
    @Bean
    ModelConverter uniqueSchemaNames() {
        return new UniqueSchemaNames();
    }

    /** The schemas of the answers named by {@link ApiContract#answer()}, added to the components at the end. */
    private final Map<String, Schema> answerSchemas = new ConcurrentHashMap<>();

    /** Where an operation keeps its handlers' representations while springdoc reads them; removed at the end. */
    static final String REPRESENTATIONS = "x-stagedoor-representations";
    private static final String JSON = "application/json";

    /**
     * What one handler method answers: several can serve one path and method, each for its own media types (a JSON
     * page, CSV and NDJSON exports, a live stream), and springdoc makes one operation of them, handler after handler.
     *
     * @param schema the JSON answer's schema; null where the handler answers only streams (or nothing)
     */
    private record Representation(List<String> mediaTypes, Schema<?> schema, ApiContract contract, boolean head) {

        boolean json() {
            return mediaTypes.contains(JSON);
        }
    }

    @Bean
    OperationCustomizer contractExamples() {
        return (operation, handler) -> {
            ApiContract contract = handler.getMethodAnnotation(ApiContract.class);
            if (contract == null) {
                return operation;
            }
            if (!contract.requestExample().isEmpty() && operation.getRequestBody() != null) {
                operation.getRequestBody().getContent().values()
                         .forEach(media -> media.addExamples("example", new Example().value(json(contract.requestExample()))));
            }
            List<Representation> representations = representations(operation);
            List<String> produced = producedTypes(handler);
            boolean head = handler.getMethodAnnotation(RequestMapping.class) != null
                    && List.of(handler.getMethodAnnotation(RequestMapping.class).method()).contains(RequestMethod.HEAD);
            boolean answersJson = !head && produced.stream().anyMatch(media -> !streamed(media))
                    && Arrays.stream(contract.successStatuses()).anyMatch(status -> status != 204);
            Set<String> earlier = representations.stream().flatMap(r -> r.mediaTypes().stream()).collect(Collectors.toSet());
            representations.add(new Representation(produced,
                    answersJson ? answerSchema(contract, operation.getResponses(), earlier) : null, contract, head));
            representations.sort(Comparator.comparing(representation -> !representation.json())); // JSON first
            Representation main = representations.get(0);
            operation.setSummary(main.contract().summary());
            operation.setDescription(description(representations));
            operation.setResponses(successes(representations));
            addRefusals(operation, representations);
            return operation;
        };
    }

    /** The representations of the operation's handlers read so far (kept on the operation until the end). */
    @SuppressWarnings("unchecked")
    private static List<Representation> representations(Operation operation) {
        if (operation.getExtensions() == null || !operation.getExtensions().containsKey(REPRESENTATIONS)) {
            operation.addExtension(REPRESENTATIONS, new ArrayList<Representation>());
        }
        return (List<Representation>) operation.getExtensions().get(REPRESENTATIONS);
    }

    /**
     * The JSON answer's description, then each other representation's, after the media types it is asked for with: the
     * audit trail as a page, then as CSV or NDJSON.
     */
    private static String description(List<Representation> representations) {
        ApiContract main = representations.get(0).contract();
        StringBuilder text = new StringBuilder(main.description().isEmpty() ? main.summary() + "." : main.description());
        for (Representation other : representations.subList(1, representations.size())) {
            text.append("\n\n**Accept: ").append(String.join(" or ", other.mediaTypes())).append("**: ")
                .append(other.contract().summary()).append('.');
            if (!other.contract().description().isEmpty()) {
                text.append(' ').append(other.contract().description());
            }
        }
        return text.toString();
    }

    /** The success answers of every representation, each status with every media type answered with it. */
    private static ApiResponses successes(List<Representation> representations) {
        Set<Integer> statuses = new LinkedHashSet<>();
        representations.forEach(representation -> Arrays.stream(representation.contract().successStatuses())
                                                        .forEach(statuses::add));
        ApiResponses responses = new ApiResponses();
        for (int status : statuses) {
            ApiResponse response = new ApiResponse().description(status == 201 ? "Created"
                    : status == 204 ? "No Content" : "OK");
            Content content = new Content();
            for (Representation representation : representations) {
                ApiContract contract = representation.contract();
                if (status == 204 || representation.head()
                        || Arrays.stream(contract.successStatuses()).noneMatch(answered -> answered == status)) {
                    continue;
                }
                for (String produced : representation.mediaTypes()) {
                    MediaType media = new MediaType().schema(streamed(produced) ? new StringSchema() : representation.schema());
                    if (!contract.answerExample().isEmpty()) {
                        media.addExamples("example", new Example().value(streamed(produced)
                                ? contract.answerExample() : json(contract.answerExample())));
                    }
                    content.addMediaType(produced, media);
                }
            }
            if (!content.isEmpty()) {
                response.content(content);
            }
            responses.addApiResponse(String.valueOf(status), response);
        }
        return responses;
    }

    /**
     * The answer's schema: the contract's {@code answer} type, else what springdoc read from the return type (not the
     * media types {@code earlier} handlers of the operation answer, which springdoc keeps in the operation).
     */
    private Schema<?> answerSchema(ApiContract contract, ApiResponses inferred, Set<String> earlier) {
        if (contract.answer() != Void.class) {
            // the converters of an OpenAPI 3.1 description, as springdoc's own (with requiredProperties)
            ResolvedSchema resolved = ModelConverters.getInstance(true)
                                                     .resolveAsResolvedSchema(new AnnotatedType(contract.answer()).resolveAsRef(true));
            answerSchemas.putAll(resolved.referencedSchemas);
            return resolved.schema;
        }
        if (inferred != null) {
            for (ApiResponse response : inferred.values()) {
                if (response.getContent() != null) {
                    for (Map.Entry<String, MediaType> media : response.getContent().entrySet()) {
                        if (media.getValue().getSchema() != null && !earlier.contains(media.getKey())) {
                            return media.getValue().getSchema();
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no type for the answer of " + contract.summary()
                + ": give the method a typed return or the contract an answer type");
    }

    /** The media types a handler answers: those it {@code produces}, else JSON. */
    private static List<String> producedTypes(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping != null && mapping.produces().length > 0 ? List.of(mapping.produces()) : List.of(JSON);
    }

    /** A media type answered as a stream of text (CSV, NDJSON, Server-Sent Events): a string, not a JSON value. */
    private static boolean streamed(String mediaType) {
        return mediaType.startsWith("text/") || mediaType.equals("application/x-ndjson");
    }

    /** An example given as JSON text, as the object it is (a string example would tell generators it is a string). */
    private static Object json(String example) {
        try {
            return EXAMPLES.readValue(example, Object.class);
        } catch (IOException e) {
            throw new IllegalStateException("an API example is not JSON: " + example, e);
        }
    }

    /**
     * Adds the answers' schemas, lists the properties that are always there as required ({@link RequiredProperties}),
     * and defines every tag the operations use with a readable name ("stage commands"
     * rather than springdoc's "stage-commands-controller").
     */
    @Bean
    OpenApiCustomizer answerSchemasAndTags() {
        return openApi -> {
            answerSchemas.forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
            RequiredProperties.require(openApi);
            Set<String> used = new TreeSet<>();
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                    if (operation.getExtensions() != null) {
                        operation.getExtensions().remove(REPRESENTATIONS);
                        if (operation.getExtensions().isEmpty()) {
                            operation.setExtensions(null);
                        }
                    }
                    if (operation.getTags() != null) {
                        operation.setTags(operation.getTags().stream().map(OpenApiConfiguration::tagName).toList());
                        used.addAll(operation.getTags());
                    }
                }));
            }
            openApi.setTags(used.stream().map(name -> new Tag().name(name)).toList());
        };
    }

    private static String tagName(String springdocTag) {
        String words = springdocTag.replaceAll("-controller$", "").replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The refusals of every representation, and what every operation (and every command) can be refused with. */
    private static void addRefusals(Operation operation, List<Representation> representations) {
        Set<ErrorCode> codes = new LinkedHashSet<>();
        representations.forEach(representation -> codes.addAll(List.of(representation.contract().refusals())));
        if (representations.stream().anyMatch(representation -> representation.contract().command())) {
            codes.addAll(List.of(ErrorCode.VERSION_MISMATCH, ErrorCode.IDEMPOTENCY_KEY_REUSED));
            addHeader(operation, "If-Match",
                    "The meeting's version as last seen (its ETag, e.g. \"12\"): refused with 2009 if it moved on.");
            addHeader(operation, "Idempotency-Key",
                    "Repeat the request with the same key within 24 h to get the first answer again.");
        }
        codes.addAll(List.of(ErrorCode.MALFORMED_REQUEST, ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN_SCOPE,
                ErrorCode.UNAVAILABLE));
        Map<Integer, List<ErrorCode>> byStatus = codes.stream().collect(
                Collectors.groupingBy(ErrorCode::httpStatus, TreeMap::new, Collectors.toList()));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        byStatus.forEach((status, group) -> {
            MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"));
            group.forEach(code -> media.addExamples(code.code() + "-" + code.slug(), new Example()
                    .summary(code.code() + " " + code.title())
                    .value(Map.of("type", Problems.TYPE_PREFIX + code.slug(), "title", code.title(),
                            "status", code.httpStatus(), "detail", exampleDetail(code), "code", code.code()))));
            responses.addApiResponse(String.valueOf(status), new ApiResponse()
                    .description(group.stream().map(code -> code.code() + " " + code.title())
                                      .collect(Collectors.joining("; ")))
                    .content(new Content().addMediaType(PROBLEM, media)));
        });
        operation.setResponses(responses);
    }

    private static void addHeader(Operation operation, String name, String description) {
        if (operation.getParameters() == null
                || operation.getParameters().stream().noneMatch(parameter -> name.equals(parameter.getName()))) {
            operation.addParametersItem(new Parameter().in("header").name(name).required(false).description(description)
                                                       .schema(new StringSchema()));
        }
    }

    private static String exampleDetail(ErrorCode code) {
        return switch (code) {
            case STAGE_DISABLED -> "the stage is disabled for this participant";
            case STAGE_ACCESS_NOT_ALLOWED -> "stage access is NOT_ALLOWED for this participant";
            case PERMISSION_DENIED -> "'viewer-7' lacks acceptStageRequests";
            case TRANSITION_NOT_ALLOWED -> "cannot join the stage from OFF_STAGE: request access and wait to be accepted";
            case PARTICIPANT_NOT_FOUND -> "'viewer-9' is not a participant of this meeting";
            case STAGE_FULL -> "the stage is full (maxOnStage 4)";
            case MEETING_NOT_FOUND -> "meeting 'town-hall' does not exist";
            case MEETING_ENDED -> "the meeting has ended";
            case VERSION_MISMATCH -> "the meeting is at version 14, not 12";
            case IDEMPOTENCY_KEY_REUSED -> "this Idempotency-Key was used with a different request in the last 24 hours";
            case MALFORMED_REQUEST -> "unknown field 'userID'";
            case UNAUTHENTICATED -> "missing or invalid credentials: send Authorization: Bearer <API key or participant token>";
            case FORBIDDEN_SCOPE -> "this token covers another meeting";
            case RATE_LIMITED -> "too many requests; retry after the Retry-After delay";
            case UNAVAILABLE -> "the database is unavailable; retry later";
            case REQUEST_QUEUE_FULL -> "the request queue is full (maxPendingRequests 500)";
            case WEBHOOK_NOT_FOUND -> "no webhook '3f0c8e9a-5d4b-4c1e-9a57-0e2b7f7c1d11'";
        };
    }

    private static Schema<?> problemSchema() {
        // every problem has all five: Problems.of sets them, ProblemWriter and ProblemErrorReportValve write them
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .required(List.of("code", "detail", "status", "title", "type"))
                .addProperty("type", new StringSchema().example("urn:stagedoor:problem:stage-full"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("code", new IntegerSchema().description("the contract's error code, 2001-2017"))
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("the path of the request refused, where the service knows it"));
    }
}
