package io.stagedoor.platform.identity;

import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Paths anyone may read — GET and HEAD, without credentials — declared as a bean by the module that serves them (the
 * query side's host console: a page that holds no secret). Every other method on them needs credentials as usual.
 *
 * @param pathPattern a Spring path pattern, as in {@code /console/**}
 */
public record OpenToRead(String pathPattern) {

    public OpenToRead {
        PathPatternParser.defaultInstance.parse(pathPattern);
    }
}
