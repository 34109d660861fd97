package dev.cuifu.ingest.shop;

import dev.cuifu.ingest.metrics.IngestMetrics;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves {@link AuthenticatedShop} from the {@code X-Api-Key} header, or answers 401. */
@Component
public class AuthenticatedShopResolver implements HandlerMethodArgumentResolver {

  private static final Logger log = LoggerFactory.getLogger(AuthenticatedShopResolver.class);

  private final ShopRepository shops;
  private final IngestMetrics metrics;
  private final Clock clock;

  public AuthenticatedShopResolver(ShopRepository shops, IngestMetrics metrics, Clock clock) {
    this.shops = shops;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == AuthenticatedShop.class;
  }

  @Override
  public AuthenticatedShop resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    String key = webRequest.getHeader(AuthenticatedShop.HEADER);
    if (key == null || key.isBlank()) {
      reject("missing");
      throw new CredentialsRejectedException(AuthenticatedShop.HEADER, "The X-Api-Key header is missing.");
    }
    try {
      return shops
          .findShopIdByLiveKey(ApiKeys.sha256Hex(key.strip()), clock.instant())
          .map(AuthenticatedShop::new)
          .orElseThrow(
              () -> {
                reject("unknown or revoked");
                return new CredentialsRejectedException(AuthenticatedShop.HEADER, "The API key is unknown or revoked.");
              });
    } catch (DataAccessException e) {
      metrics.rejected(IngestMetrics.Reason.UNAVAILABLE);
      log.warn("events rejected reason=unavailable: cannot check the API key: {}", e.getMessage());
      throw new ShopsUnavailableException("The service cannot check API keys right now; retry later.", e);
    }
  }

  private void reject(String why) {
    metrics.rejected(IngestMetrics.Reason.UNAUTHORIZED);
    log.info("events rejected reason=unauthorized key={}", why);
  }
}
