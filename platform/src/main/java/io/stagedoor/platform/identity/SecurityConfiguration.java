package io.stagedoor.platform.identity;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.platform.web.ProblemWriter;
import io.stagedoor.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * SPEC §7 with Spring Security's resource-server support: {@code Authorization: Bearer} carries either a
 * service's API key or a participant's JWT. Health, the API description and the JWKS are open, and so are GET and
 * HEAD of the paths a module declares {@link OpenToRead} (the query side's host console); the operator
 * endpoints (metrics and every actuator endpoint but health, projection operations, reconciliation) need a service
 * key; everything else answers 2012 without valid credentials, and 2013 where the credentials do not reach; callers
 * over their rate answer 2014 ({@link RateLimits}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String[] OPEN = {"/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
            "/swagger-ui.html", "/swagger-ui/**", "/.well-known/jwks.json", "/error"};
    /** For operators, that is services: a participant token answers 2013 here, whatever a controller would say. */
    static final String[] OPERATORS = {"/actuator/**", "/v1/admin/**"};

    /** An API key makes a service caller; a verified token makes a participant caller; anything else fails. */
    @Bean
    AuthenticationManagerResolver<HttpServletRequest> callerAuthentication(Callers callers) {
        AuthenticationManager manager = authentication -> callers
                .of(((BearerTokenAuthenticationToken) authentication).getToken())
                .map(CallerAuthentication::new)
                .orElseThrow(() -> new BadCredentialsException("invalid credentials"));
        return request -> manager;
    }

    /** Rate limits run before the security chain: a refused request costs as little as possible. */
    @Bean
    FilterRegistrationBean<RateLimits> rateLimits(RateLimitProperties limits, Callers callers, ProblemWriter problems) {
        FilterRegistrationBean<RateLimits> registration = new FilterRegistrationBean<>(new RateLimits(limits, callers, problems));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticationManagerResolver<HttpServletRequest> callers,
                            ProblemWriter problems, ObjectProvider<OpenToRead> openToRead) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(OPEN).permitAll().requestMatchers(OPERATORS).hasRole("SERVICE");
                    openToRead.orderedStream().forEach(open -> requests
                            .requestMatchers(HttpMethod.GET, open.pathPattern()).permitAll()
                            .requestMatchers(HttpMethod.HEAD, open.pathPattern()).permitAll());
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(callers)
                        .authenticationEntryPoint(unauthenticated(problems)))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthenticated(problems))
                        .accessDeniedHandler((request, response, denied) -> problems.write(response,
                                Problems.of(ErrorCode.FORBIDDEN_SCOPE, "these credentials do not cover this request"))))
                .build();
    }

    private static AuthenticationEntryPoint unauthenticated(ProblemWriter problems) {
        return (request, response, failure) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(response, Problems.of(ErrorCode.UNAUTHENTICATED,
                    "missing or invalid credentials: send Authorization: Bearer <API key or participant token>"));
        };
    }
}
