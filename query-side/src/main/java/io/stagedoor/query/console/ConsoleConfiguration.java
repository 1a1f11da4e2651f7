package io.stagedoor.query.console;

import io.stagedoor.platform.identity.OpenToRead;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The host console at {@code /console/}: a single-page app whose files a jar on the classpath holds under
 * {@code META-INF/resources/console/} ({@code index.html}, {@code assets/}). Anyone may load it (GET and HEAD, no
 * credentials): it holds no secret — the user signs in on the page, which sends that token or API key with each API
 * call. Every load revalidates ({@code Cache-Control: no-cache}), so a new release is seen at once; a strict
 * Content-Security-Policy keeps anything but its own files out ({@link ConsoleHeaders}). Without the jar it answers
 * 404.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {

    private static final String FILES = "classpath:/META-INF/resources/console/";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/**").addResourceLocations(FILES).setCacheControl(CacheControl.noCache());
    }

    @Bean
    OpenToRead consoleIsOpenToRead() {
        return new OpenToRead("/console/**");
    }

    @Bean
    FilterRegistrationBean<ConsoleHeaders> consoleHeaders() {
        FilterRegistrationBean<ConsoleHeaders> registration = new FilterRegistrationBean<>(new ConsoleHeaders());
        registration.addUrlPatterns("/console", "/console/*");
        return registration;
    }
}
