package dev.cuifu.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before any handler, two requests that would otherwise fail deep in the stack as a 500:
 * query or form parameters Tomcat cannot decode (a broken {@code %}-escape, bytes that are not
 * UTF-8, a parameter without a name: Tomcat 11 throws from every {@code getParameter} call), and a
 * {@code Content-Type} that is a wildcard ({@code *}{@code /*}, {@code application/*}), which
 * Spring's body reading does not expect.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class MalformedRequestFilter extends OncePerRequestFilter {

  private final String supportedTypes;

  /** @param supportedTypes the body types the app takes, named in the 415 (e.g. "application/json") */
  public MalformedRequestFilter(String supportedTypes) {
    this.supportedTypes = supportedTypes;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String contentType = request.getContentType();
    if (contentType != null && wildcard(contentType)) {
      Problems.write(
          request,
          response,
          HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
          "unsupported-media-type",
          "Unsupported media type",
          "Content-Type is a wildcard; name the body's own media type (" + supportedTypes + ").");
      return;
    }
    try {
      request.getParameterMap(); // parses the query string and a form body once, here
    } catch (InvalidParameterException e) {
      boolean tooMany = e.getErrorCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
      Problems.write(
          request,
          response,
          tooMany ? HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE : HttpServletResponse.SC_BAD_REQUEST,
          tooMany ? "too-many-parameters" : "invalid-parameters",
          tooMany ? "Too many parameters" : "Invalid parameters",
          tooMany
              ? "The query string/form has more parameters than the server accepts."
              : "The query string/form is not valid (bad percent-escape, not UTF-8, or a parameter without a name).");
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean wildcard(String contentType) {
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return type.isWildcardType() || type.isWildcardSubtype();
    } catch (InvalidMediaTypeException e) {
      return false; // Spring answers an unparsable one with 415 itself
    }
  }
}
