package dev.cuifu.harness.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether an answer is acceptable. A 5xx never is. A 4xx must be RFC 9457 problem+json that says
 * what was wrong: an {@code errors} entry naming a field, or a {@code detail} (or a {@code title}
 * of the service's own) that is more than the status's reason phrase or a framework's stock
 * sentence ("Failed to read request"). A 2xx to a request without a valid credential, on an
 * operation that needs one, is a failure too.
 */
final class Judge {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Reason phrases and stock sentences that name neither a field nor a reason. */
  private static final Set<String> GENERIC = Set.of(
      "bad request", "unauthorized", "forbidden", "not found", "method not allowed", "not acceptable", "conflict",
      "gone", "length required", "payload too large", "content too large", "request entity too large",
      "uri too long", "unsupported media type", "unprocessable entity", "unprocessable content",
      "too many requests", "request header fields too large", "precondition failed", "failed to read request",
      "invalid request content", "invalid request", "error", "client error", "http error", "request failed");

  private Judge() {}

  /**
   * @param authenticated whether the request carried a valid credential (or the operation needs none)
   * @return null when the answer is acceptable, else why not
   */
  static String verdict(int status, String contentType, byte[] body, boolean authenticated) {
    if (status >= 500) {
      return "status " + status;
    }
    if (status >= 200 && status < 300 && !authenticated) {
      return "status " + status + " without a valid credential";
    }
    if (status < 400) {
      return null;
    }
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
      return "status " + status + " is not application/problem+json (Content-Type " + contentType + ")";
    }
    JsonNode problem;
    try {
      problem = JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      return "status " + status + " problem+json that is not JSON";
    }
    if (!problem.isObject()) {
      return "status " + status + " problem+json that is not an object";
    }
    if (namesField(problem.path("errors"))) {
      return null;
    }
    if (specific(problem.path("detail").asString("")) || specific(problem.path("title").asString(""))) {
      return null;
    }
    return "status " + status + " problem names no field or reason (title " + quote(problem.path("title"))
        + ", detail " + quote(problem.path("detail")) + ")";
  }

  private static boolean namesField(JsonNode errors) {
    if (!errors.isArray() || errors.isEmpty()) {
      return false;
    }
    for (JsonNode error : errors) {
      String field = error.path("field").asString(error.path("pointer").asString(error.path("name").asString("")));
      if (field.isBlank() && !specific(error.path("message").asString(error.path("detail").asString("")))) {
        return false;
      }
    }
    return true;
  }

  private static boolean specific(String text) {
    String normal = text.strip().toLowerCase(Locale.ROOT);
    while (normal.endsWith(".")) {
      normal = normal.substring(0, normal.length() - 1);
    }
    return !normal.isEmpty() && !GENERIC.contains(normal);
  }

  private static String quote(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? "absent" : "\"" + node.asString() + "\"";
  }
}
