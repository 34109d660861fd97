package dev.cuifu.reminder.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows password guessing on the agents' HTTP Basic sign-in: counts the 401s each username and
 * each client address got within {@link SignInThrottleProperties#window()}; past the limit, a
 * request with Basic credentials for that username or from that address is answered 429 with
 * {@code Retry-After} before its password is checked (no BCrypt work for a guesser). Runs in the
 * agents' security chain, just before Basic authentication. In memory, per instance: with N
 * replicas a guesser gets N times the limit, still far too few for a 12-character password.
 */
final class SignInThrottle extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);
  /** Keys kept at most; beyond, the counters are dropped (a flood of addresses must not fill the heap). */
  private static final int MAX_KEYS = 100_000;

  private final SignInThrottleProperties properties;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  SignInThrottle(SignInThrottleProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> username = basicUsername(request);
    if (username.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    String userKey = "user:" + username.get();
    String addressKey = "address:" + request.getRemoteAddr();
    Instant now = clock.instant();
    Duration wait = max(
        blockedFor(userKey, properties.maxFailuresPerUser(), now),
        blockedFor(addressKey, properties.maxFailuresPerAddress(), now));
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      log.warn("agent sign-in refused for {}s: too many failures (user or address)", seconds);
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      ProblemSecurityHandler.write(
          request,
          response,
          429,
          "too-many-sign-in-failures",
          "Too many failed sign-ins",
          "Too many wrong passwords for this user or from this address; try again in " + seconds + " s.");
      return;
    }
    chain.doFilter(request, response);
    if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
      record(userKey, now);
      record(addressKey, now);
    }
  }

  /** How long the key is refused for: zero while under the limit. */
  private Duration blockedFor(String key, int limit, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Duration.ZERO;
    }
    synchronized (times) {
      Instant cutoff = now.minus(properties.window());
      while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
        times.pollFirst();
      }
      if (times.size() < limit) {
        return Duration.ZERO;
      }
      // refused until enough failures have aged out of the window to be under the limit again
      Instant oldestCounted = times.stream().skip(times.size() - limit).findFirst().orElseThrow();
      return Duration.between(now, oldestCounted.plus(properties.window()));
    }
  }

  private void record(String key, Instant now) {
    if (failures.size() >= MAX_KEYS) {
      failures.clear();
    }
    Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(now);
      while (times.size() > Math.max(properties.maxFailuresPerUser(), properties.maxFailuresPerAddress())) {
        times.pollFirst();
      }
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The username of Basic credentials, when the request carries readable ones. */
  private static Optional<String> basicUsername(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon).strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
