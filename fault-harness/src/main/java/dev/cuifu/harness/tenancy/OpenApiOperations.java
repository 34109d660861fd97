package dev.cuifu.harness.tenancy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Every operation an OpenAPI 3 document lists, so that the matrix tries each endpoint the apps
 * publish and a new one is reported as not covered instead of forgotten.
 */
public final class OpenApiOperations {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private OpenApiOperations() {}

  public static List<ApiOperation> read(String app, JsonNode document) {
    List<ApiOperation> operations = new ArrayList<>();
    JsonNode paths = document.path("paths");
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (!METHODS.contains(operation.getKey())) {
          continue; // "parameters", "summary" and the like belong to the path
        }
        JsonNode op = operation.getValue();
        operations.add(
            new ApiOperation(
                app,
                operation.getKey().toUpperCase(Locale.ROOT),
                path.getKey(),
                op.path("operationId").asString(""),
                op.has("requestBody")));
      }
    }
    operations.sort(Comparator.comparing(ApiOperation::path).thenComparing(ApiOperation::method));
    return operations;
  }
}
