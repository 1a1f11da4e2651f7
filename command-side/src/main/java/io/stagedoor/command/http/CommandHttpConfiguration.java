package io.stagedoor.command.http;

import io.stagedoor.platform.web.LargerRequestBody;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Arrays;
import java.util.List;

/**
 * The command API's one argument of its own: who acts ({@link Acting}), resolved once for every endpoint; and the one
 * endpoint whose bodies may be larger than the default.
 */
@Configuration(proxyBeanMethods = false)
class CommandHttpConfiguration implements WebMvcConfigurer {

    static {
        // not a request parameter: the API description shows the header it is read from instead (below)
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Acting.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new Acting.Resolver());
    }

    /** Up to 1,000 participants with names and long ids do not fit in the default 64 KiB (decisions #53). */
    @Bean
    LargerRequestBody participantBatchBody() {
        return new LargerRequestBody("POST", "/v1/meetings/{meetingId}/participants/batch", 1024 * 1024);
    }

    /** Every endpoint that takes an {@link Acting} reads {@code X-Acting-User}. */
    @Bean
    OperationCustomizer actingUserHeader() {
        return (operation, handler) -> {
            if (Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.getParameterType() == Acting.class)) {
                operation.addParametersItem(new Parameter().in("header").name(Acting.HEADER).required(false)
                        .description("A service acting for a participant: the participant's user id. The command is "
                                + "checked against that participant's permissions and recorded as theirs.")
                        .schema(new StringSchema()));
            }
            return operation;
        };
    }
}
