package io.stagedoor.platform.identity;

import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.platform.web.ProblemWriter;
import io.stagedoor.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

import java.util.Optional;

/**
 * SPEC §7 with Spring Security's resource-server support: {@code Authorization: Bearer} carries either a
 * service's API key or a participant's JWT. Health, the API description and the JWKS are open; everything
 * else answers 2012 without valid credentials, and 2013 where the credentials do not reach; callers over their
 * rate answer 2014 ({@link RateLimits}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String[] OPEN = {"/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
            "/swagger-ui.html", "/swagger-ui/**", "/.well-known/jwks.json", "/error"};

    /** An API key makes a service caller; a verified token makes a participant caller; anything else fails. */
    @Bean
    AuthenticationManagerResolver<HttpServletRequest> callerAuthentication(ApiKeys apiKeys, ParticipantTokens tokens) {
        AuthenticationManager callers = authentication -> {
            String bearer = ((BearerTokenAuthenticationToken) authentication).getToken();
            Optional<String> service = apiKeys.serviceFor(bearer);
            if (service.isPresent()) {
                return new CallerAuthentication(new Caller.Service(service.get()));
            }
            try {
                return new CallerAuthentication(tokens.participantOf(tokens.decoder().decode(bearer)));
            } catch (JwtException | IllegalArgumentException invalid) {
                throw new BadCredentialsException("invalid credentials");
            }
        };
        return request -> callers;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticationManagerResolver<HttpServletRequest> callers,
                            ProblemWriter problems, RateLimitProperties rateLimits) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.requestMatchers(OPEN).permitAll()
                                                           .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(callers)
                        .authenticationEntryPoint(unauthenticated(problems)))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthenticated(problems))
                        .accessDeniedHandler((request, response, denied) -> problems.write(response,
                                Problems.of(ErrorCode.FORBIDDEN_SCOPE, "these credentials do not cover this request"))))
                .addFilterAfter(new RateLimits(rateLimits, problems), BearerTokenAuthenticationFilter.class)
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
