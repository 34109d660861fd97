package dev.cuifu.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A problem's {@code instance}: the request's path with every phone-number-like run of digits
 * masked but its last four, since paths can name a buyer's number ({@code DELETE
 * /api/v1/opt-outs/SMS/+8613912345678}) and error bodies end up in clients' logs.
 */
public final class ProblemInstances {

  /** Seven or more digits, maybe after a {@code +} or its escape {@code %2B}. */
  private static final Pattern NUMBER = Pattern.compile("(\\+|%2[bB])?(\\d{3,})(\\d{4})");

  private ProblemInstances() {}

  public static String of(HttpServletRequest request) {
    return mask(request.getRequestURI());
  }

  /** {@code /a/%2B8613912345678} → {@code /a/%2B**********5678}; runs under seven digits stay. */
  public static String mask(String path) {
    Matcher m = NUMBER.matcher(path);
    StringBuilder masked = new StringBuilder();
    while (m.find()) {
      String prefix = m.group(1) == null ? "" : m.group(1);
      m.appendReplacement(masked, Matcher.quoteReplacement(prefix + "*".repeat(m.group(2).length()) + m.group(3)));
    }
    m.appendTail(masked);
    return masked.toString();
  }

  /** {@link #mask} as a URI; a path that does not parse gives none. */
  static URI uri(String path) {
    try {
      return URI.create(mask(path));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
