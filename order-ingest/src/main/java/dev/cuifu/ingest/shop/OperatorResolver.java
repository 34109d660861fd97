package dev.cuifu.ingest.shop;

import dev.cuifu.ingest.config.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves {@link Operator} when the bearer token equals the operator token, or answers 401. */
@Component
class OperatorResolver implements HandlerMethodArgumentResolver {

  private static final Logger log = LoggerFactory.getLogger(OperatorResolver.class);
  private static final String BEARER = "Bearer ";

  private final IngestProperties properties;

  public OperatorResolver(IngestProperties properties) {
    this.properties = properties;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == Operator.class;
  }

  @Override
  public Operator resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    String authorization = webRequest.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      log.info("admin request rejected: no bearer token");
      throw new CredentialsRejectedException("Bearer", "An operator bearer token is required.");
    }
    String token = authorization.substring(BEARER.length()).strip();
    if (!ApiKeys.constantTimeEquals(properties.operatorToken(), token)) {
      log.info("admin request rejected: wrong bearer token");
      throw new CredentialsRejectedException("Bearer", "The operator token is wrong.");
    }
    return new Operator();
  }
}
