package dev.cuifu.reminder.channel.sms;

import com.twilio.security.RequestValidator;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Checks Twilio's {@code X-Twilio-Signature} on a webhook request with the SDK's {@link
 * RequestValidator}: HMAC-SHA1 with the account's auth token over the exact URL Twilio called and
 * the POSTed form parameters. The URL is rebuilt from {@link TwilioWebhookProperties#publicBaseUrl()}
 * when set (behind a proxy the request's own URL is not the one Twilio signed), else taken from the
 * request. Query parameters are part of the signed URL, not of the signed parameters.
 */
@Component
class TwilioRequestVerifier {

  static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  private static final Logger log = LoggerFactory.getLogger(TwilioRequestVerifier.class);

  private final RequestValidator validator;
  private final URI publicBaseUrl;

  TwilioRequestVerifier(TwilioProperties twilio, TwilioWebhookProperties webhooks) {
    this.validator = new RequestValidator(twilio.authToken());
    this.publicBaseUrl = webhooks.publicBaseUrl();
  }

  /**
   * The request's form parameters, once its signature is valid.
   *
   * @throws ResponseStatusException 403 when the signature is missing or does not match
   */
  Map<String, String> verifiedParameters(HttpServletRequest request) {
    String url = signedUrl(publicBaseUrl, request.getRequestURL().toString(), request.getRequestURI(), request.getQueryString());
    Map<String, String> params = formParameters(request.getParameterMap(), request.getQueryString());
    String signature = request.getHeader(SIGNATURE_HEADER);
    if (signature == null || signature.isBlank() || !validator.validate(url, params, signature.strip())) {
      log.warn("twilio webhook refused: {} signature for {}", signature == null || signature.isBlank() ? "missing" : "invalid", url);
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "missing or invalid " + SIGNATURE_HEADER + " header");
    }
    return params;
  }

  /** The URL Twilio called: the public base (when set) with the request's path and query. */
  static String signedUrl(URI publicBaseUrl, String requestUrl, String requestUri, String queryString) {
    String base;
    if (publicBaseUrl == null) {
      base = requestUrl;
    } else {
      String root = publicBaseUrl.toString();
      while (root.endsWith("/")) {
        root = root.substring(0, root.length() - 1);
      }
      base = root + requestUri;
    }
    return queryString == null || queryString.isEmpty() ? base : base + "?" + queryString;
  }

  /**
   * The POSTed parameters only: the servlet merges query parameters in (first), and those belong to
   * the signed URL instead. One value per name, as Twilio sends them.
   */
  static Map<String, String> formParameters(Map<String, String[]> merged, String queryString) {
    Map<String, List<String>> fromQuery = new HashMap<>();
    if (queryString != null && !queryString.isEmpty()) {
      for (String pair : queryString.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        fromQuery.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
    }
    Map<String, String> params = new HashMap<>();
    merged.forEach(
        (name, values) -> {
          List<String> remaining = new ArrayList<>(List.of(values));
          for (String value : fromQuery.getOrDefault(name, List.of())) {
            remaining.remove(value);
          }
          if (!remaining.isEmpty()) {
            params.put(name, remaining.get(0));
          }
        });
    return params;
  }
}
