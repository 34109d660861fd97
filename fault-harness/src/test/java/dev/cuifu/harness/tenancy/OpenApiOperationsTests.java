package dev.cuifu.harness.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.kafka.EventJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiOperationsTests {

  /** Shaped like springdoc's answer at /v3/api-docs, with a path-level parameter list. */
  private static final String DOCUMENT =
      """
      {"openapi":"3.1.0","paths":{
        "/api/v1/scripts/{id}":{
          "parameters":[{"name":"id","in":"path"}],
          "get":{"operationId":"get","parameters":[{"name":"X-Api-Key","in":"header"}]},
          "put":{"operationId":"edit","requestBody":{"content":{"application/json":{}}}}},
        "/admin/v1/shops/{shopId}/api-keys/{keyId}":{"delete":{"operationId":"revoke"}},
        "/agent/tasks/{taskId}/claim":{"post":{"operationId":"claim"}},
        "/twilio/status":{"post":{"operationId":"status"}}}}
      """;

  @Test
  void everyOperationOfEveryPathIsListedWithItsPathParametersAndBody() {
    List<ApiOperation> operations = OpenApiOperations.read("reminder", EventJson.mapper().readTree(DOCUMENT));

    assertThat(operations).extracting(ApiOperation::key)
        .containsExactly("DELETE /admin/v1/shops/{shopId}/api-keys/{keyId}", "POST /agent/tasks/{taskId}/claim",
            "GET /api/v1/scripts/{id}", "PUT /api/v1/scripts/{id}", "POST /twilio/status");
    assertThat(operations.get(0).pathParams()).containsExactly("shopId", "keyId");
    assertThat(operations.get(3).operationId()).isEqualTo("edit");
    assertThat(operations).extracting(ApiOperation::hasBody).containsExactly(false, false, false, true, false);
  }

  @Test
  void thePathSaysWhichCredentialAnOperationTakes() {
    List<ApiOperation> operations = OpenApiOperations.read("x", EventJson.mapper().readTree(DOCUMENT));

    assertThat(operations).extracting(ApiOperation::requiredCredential)
        .containsExactly(Credential.Kind.OPERATOR, Credential.Kind.AGENT, Credential.Kind.API_KEY, Credential.Kind.API_KEY,
            Credential.Kind.TWILIO_SIGNATURE);
    assertThat(new ApiOperation("ingest", "POST", "/webhooks/v1/shopify", "receive", true).requiredCredential())
        .isEqualTo(Credential.Kind.PLATFORM_SIGNATURE);
  }
}
