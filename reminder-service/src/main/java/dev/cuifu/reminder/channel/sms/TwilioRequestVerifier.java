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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks Twilio's {@code X-Twilio-Signature} on a webhook request with the SDK's {@link
 * RequestValidator}: HMAC-SHA1 with the auth token of the account the request names ({@code
 * AccountSid}: the deployment's, or the one shop's that owns it; none named: the deployment's) over the exact URL
 * Twilio called and the POSTed form parameters. An account nobody here uses is refused like a bad
 * signature. The URL is rebuilt from {@link TwilioWebhookProperties#publicBaseUrl()}
 * when set (behind a proxy the request's own URL is not the one Twilio signed), else taken from the
 * request. Query parameters are part of the signed URL, not of the signed parameters.
 *
 * <p>The StatusCallback URL we hand Twilio carries connection overrides in its fragment ({@code
 * #rc=3&rp=all}, {@link StatusCallbackProperties#retries()}). A fragment is never sent in an HTTP
 * request (RFC 9110 §4.2.4), so the request's URL lacks it; Twilio's docs do not say whether its
 * signature covers it. A status callback is therefore accepted when signed over the URL it was
 * posted to, or over that URL with the fragment we handed out: either is HMAC-SHA1 under the
 * account's token of a URL we gave Twilio.
 */
@Component
class TwilioRequestVerifier {

  static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  private static final Logger log = LoggerFactory.getLogger(TwilioRequestVerifier.class);

  /**
   * A webhook request whose signature checked out.
   *
   * @param accountSid the Twilio account that signed it (the deployment's when the request named none)
   * @param shopId the one shop that owns that account; {@code null} for the deployment's account
   * @param params its form parameters
   */
  record Verified(String accountSid, String shopId, Map<String, String> params) {}

  private final TwilioAccounts accounts;
  private final URI publicBaseUrl;
  /** The path of the StatusCallback URL we hand Twilio, when that URL has a fragment; else null. */
  private final String callbackPath;
  /** That URL's fragment (its connection overrides), or null. */
  private final String callbackFragment;

  TwilioRequestVerifier(TwilioAccounts accounts, TwilioWebhookProperties webhooks) {
    this.accounts = accounts;
    this.publicBaseUrl = webhooks.publicBaseUrl();
    URI callback = accounts.deploymentCallbackUrl();
    this.callbackFragment = callback == null ? null : callback.getRawFragment();
    this.callbackPath = callbackFragment == null ? null : callback.getRawPath();
  }

  /**
   * The request's account and form parameters, once its signature is valid.
   *
   * @throws TwilioSignatureException when the signature is missing or does not match, or the
   *     account is unknown here
   */
  Verified verify(HttpServletRequest request) {
    String url = signedUrl(publicBaseUrl, request.getRequestURL().toString(), request.getRequestURI(), request.getQueryString());
    Map<String, String> params = formParameters(request.getParameterMap(), request.getQueryString());
    String named = params.get("AccountSid");
    String accountSid = named == null || named.isBlank() ? accounts.deploymentAccountSid() : named.strip();
    String signature = request.getHeader(SIGNATURE_HEADER);
    String refusal;
    if (signature == null || signature.isBlank()) {
      refusal = "missing signature";
    } else {
      Optional<TwilioAccounts.Signer> signer = accounts.signerOf(accountSid);
      if (signer.isEmpty()) {
        refusal = "unknown account";
      } else if (!isSigned(new RequestValidator(signer.get().authToken()), url, request.getRequestURI(), params, signature.strip())) {
        refusal = "invalid signature";
      } else {
        return new Verified(signer.get().accountSid(), signer.get().shopId(), params);
      }
    }
    log.warn("twilio webhook refused: {} for {} (account {})", refusal, url, accountSid);
    throw new TwilioSignatureException("missing or invalid " + SIGNATURE_HEADER + " header");
  }

  /** Signed over the URL called, or (a status callback) over it with the fragment we handed Twilio. */
  private boolean isSigned(RequestValidator validator, String url, String requestUri, Map<String, String> params, String signature) {
    return validator.validate(url, params, signature)
        || callbackFragment != null
            && requestUri.equals(callbackPath)
            && validator.validate(url + "#" + callbackFragment, params, signature);
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
