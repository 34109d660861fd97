package dev.cuifu.testing.twilio;

import java.util.Locale;
import java.util.Set;

/**
 * Twilio's webhook connection overrides as far as the stub models them: the retry count ({@code
 * rc}) and retry policy ({@code rp}) a webhook URL carries in its fragment, e.g. {@code
 * https://example.com/status#rc=3&rp=all} (Twilio's "Webhooks connection overrides": key=value
 * pairs separated by {@code &} after the {@code #}; {@code rc} 0–5, default 1; {@code rp} one or
 * more of {@code 4xx}, {@code 5xx}, {@code ct} (connect failure), {@code rt} (read timeout), {@code
 * all}, comma-separated, default {@code ct}). The fragment is Twilio's instruction, never sent:
 * Twilio calls, and signs, the URL without it. The timeouts ({@code ct}, {@code rt}, {@code tt}) and
 * the edge are not modelled.
 *
 * @param url the URL without its fragment: the one posted to and signed
 * @param retries how many times a failed post is made again
 * @param policy which failures are retried
 */
record ConnectionOverrides(String url, int retries, Set<String> policy) {

  static final int DEFAULT_RETRIES = 1;
  static final int MAX_RETRIES = 5;

  static ConnectionOverrides of(String webhookUrl) {
    int hash = webhookUrl.indexOf('#');
    if (hash < 0) {
      return new ConnectionOverrides(webhookUrl, DEFAULT_RETRIES, Set.of("ct"));
    }
    int retries = DEFAULT_RETRIES;
    Set<String> policy = Set.of("ct");
    for (String pair : webhookUrl.substring(hash + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = pair.substring(0, eq);
      String value = pair.substring(eq + 1).toLowerCase(Locale.ROOT);
      if (key.equals("rc")) {
        try {
          retries = Math.max(0, Math.min(MAX_RETRIES, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
          // Twilio reports an invalid override as a warning and keeps its default
        }
      } else if (key.equals("rp")) {
        policy = Set.of(value.split(","));
      }
    }
    return new ConnectionOverrides(webhookUrl.substring(0, hash), retries, policy);
  }

  /** Whether an answer with this HTTP status is posted again (attempts left permitting): never a success. */
  boolean retriesStatus(int httpStatus) {
    if (httpStatus < 400) {
      return false;
    }
    return policy.contains("all") || policy.contains(httpStatus >= 500 ? "5xx" : "4xx");
  }

  /** Whether a post that could not connect, or got no answer in time, is made again. */
  boolean retriesFailure(boolean timedOut) {
    return policy.contains("all") || policy.contains(timedOut ? "rt" : "ct");
  }
}
