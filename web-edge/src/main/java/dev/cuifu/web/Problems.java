package dev.cuifu.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem+json answer from a servlet filter, where no controller advice runs; and the
 * problem {@code type} every app gives an error of a status when nothing more specific applies.
 */
public final class Problems {

  /** Every problem type is this plus a slug ({@code https://cuifu.dev/problems/not-found}). */
  public static final String TYPE_BASE = "https://cuifu.dev/problems/";

  private static final JsonMapper JSON = JsonMapper.shared();

  private Problems() {}

  /**
   * The type of an error of {@code status} that has no more specific one: the framework's own
   * refusals (an unknown path, a method or body type not taken, a missing parameter) and the
   * features' plain 401/404/409/503.
   */
  public static URI typeFor(int status) {
    String slug =
        switch (status) {
          case 400 -> "invalid-request";
          case 401 -> "unauthorized";
          case 403 -> "forbidden";
          case 404 -> "not-found";
          case 405 -> "method-not-allowed";
          case 406 -> "not-acceptable";
          case 409 -> "conflict";
          case 413 -> "payload-too-large";
          case 415 -> "unsupported-media-type";
          case 429 -> "too-many-requests";
          case 503 -> "unavailable";
          default -> status >= 500 ? "internal-error" : "bad-request";
        };
    return URI.create(TYPE_BASE + slug);
  }

  public static void write(
      HttpServletRequest request, HttpServletResponse response, int status, String type, String title, String detail)
      throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", TYPE_BASE + type);
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("instance", ProblemInstances.of(request));
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    byte[] body = JSON.writeValueAsBytes(problem);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }
}
