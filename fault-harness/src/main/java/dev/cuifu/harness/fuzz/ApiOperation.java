package dev.cuifu.harness.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * One operation of an OpenAPI document, with what the fuzzer needs to build requests for it.
 *
 * @param service which app: {@code ingest} or {@code reminder}
 * @param parameters path and query parameters (the API key header is a credential, not among them)
 * @param body the JSON body's schema, or null when the operation takes none
 * @param bodyExample the document's example body, or null
 * @param components the document's {@code components/schemas}, to resolve {@code $ref}
 */
record ApiOperation(
    String service, String method, String path, Auth auth, List<Param> parameters, JsonNode body,
    JsonNode bodyExample, JsonNode components) {

  /** How a caller proves who it is. */
  enum Auth {
    /** Nobody needs to. */
    NONE,
    /** A shop's {@code X-Api-Key}. */
    API_KEY,
    /** The operator's bearer token. */
    OPERATOR,
    /** An agent's HTTP Basic sign-in (SHOP_ADMIN). */
    AGENT,
    /** Twilio's request signature: the fuzzer has no valid one. */
    TWILIO
  }

  /** A path or query parameter. */
  record Param(String name, String in, JsonNode schema, boolean required) {}

  /** {@code POST /api/v1/events} on ingest: how a failure names the operation. */
  String name() {
    return method + " " + path + " (" + service + ")";
  }

  boolean hasJsonBody() {
    return body != null;
  }

  /** Every operation of one document. */
  static List<ApiOperation> parse(String service, JsonNode document) {
    List<ApiOperation> operations = new ArrayList<>();
    JsonNode components = document.path("components").path("schemas");
    for (var path : document.path("paths").properties()) {
      for (var entry : path.getValue().properties()) {
        String method = entry.getKey().toUpperCase(Locale.ROOT);
        if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
          continue;
        }
        JsonNode operation = entry.getValue();
        List<Param> params = new ArrayList<>();
        boolean apiKeyHeader = false;
        for (JsonNode p : operation.path("parameters")) {
          String in = p.path("in").asString();
          if ("header".equals(in)) {
            apiKeyHeader |= "X-Api-Key".equalsIgnoreCase(p.path("name").asString());
            continue;
          }
          params.add(new Param(p.path("name").asString(), in, p.path("schema"), p.path("required").asBoolean(false)));
        }
        JsonNode json = operation.path("requestBody").path("content").path("application/json");
        JsonNode body = json.isMissingNode() ? null : json.path("schema");
        JsonNode example = null;
        if (json.has("example")) {
          example = json.get("example");
        } else if (json.path("examples").isObject() && !json.path("examples").isEmpty()) {
          example = json.path("examples").iterator().next().path("value");
        }
        operations.add(new ApiOperation(service, method, path.getKey(),
            auth(path.getKey(), operation, apiKeyHeader), List.copyOf(params), body, example, components));
      }
    }
    return operations;
  }

  private static Auth auth(String path, JsonNode operation, boolean apiKeyHeader) {
    String security = operation.path("security").toString();
    if (security.contains("operatorToken")) {
      return Auth.OPERATOR;
    }
    if (security.contains("apiKey") || apiKeyHeader) {
      return Auth.API_KEY;
    }
    if (path.startsWith("/agent/") || path.startsWith("/dashboard/api/")) {
      return Auth.AGENT;
    }
    if (path.startsWith("/twilio/")) {
      return Auth.TWILIO;
    }
    if (path.startsWith("/admin/")) {
      return Auth.OPERATOR;
    }
    return Auth.NONE;
  }
}
