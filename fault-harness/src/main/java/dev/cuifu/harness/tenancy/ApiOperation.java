package dev.cuifu.harness.tenancy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of an app's OpenAPI document.
 *
 * @param app {@code ingest} or {@code reminder}
 * @param method upper case, e.g. {@code GET}
 * @param path the template, e.g. {@code /api/v1/scripts/{id}}
 * @param operationId as the document names it (springdoc numbers clashes: {@code get_1})
 * @param hasBody whether the document declares a request body
 */
public record ApiOperation(String app, String method, String path, String operationId, boolean hasBody) {

  private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");

  /** {@code GET /api/v1/scripts/{id}}: how the checks name an operation. */
  public String key() {
    return method + " " + path;
  }

  /** The path template's parameters, in order. */
  public List<String> pathParams() {
    List<String> names = new ArrayList<>();
    Matcher m = PARAM.matcher(path);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The credential the path asks for, by Cuifu's conventions. */
  public Credential.Kind requiredCredential() {
    if (path.startsWith("/admin/")) {
      return Credential.Kind.OPERATOR;
    }
    if (path.startsWith("/agent/") || path.startsWith("/dashboard/")) {
      return Credential.Kind.AGENT;
    }
    if (path.startsWith("/twilio/")) {
      return Credential.Kind.TWILIO_SIGNATURE;
    }
    if (path.startsWith("/webhooks/")) {
      return Credential.Kind.PLATFORM_SIGNATURE;
    }
    return Credential.Kind.API_KEY;
  }
}
