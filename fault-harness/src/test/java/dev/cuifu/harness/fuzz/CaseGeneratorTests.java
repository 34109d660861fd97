package dev.cuifu.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CaseGeneratorTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A small document shaped like the services' own: a body with nested fields, a path id, a query. */
  private static final String DOCUMENT = """
      {"openapi":"3.1.0",
       "components":{"securitySchemes":{"apiKey":{"type":"apiKey","name":"X-Api-Key","in":"header"}},
         "schemas":{
           "Money":{"type":"object","properties":{"minor":{"type":"integer","format":"int64","minimum":0},
             "currency":{"type":"string"}},"required":["minor","currency"]},
           "Order":{"type":"object","properties":{"orderId":{"type":"string"},"occurredAt":{"type":"string","format":"date-time"},
             "buyerPhone":{"type":"string"},"amount":{"$ref":"#/components/schemas/Money"},
             "tags":{"type":"array","items":{"type":"string"}},"paid":{"type":"boolean"}}}}},
       "paths":{
         "/api/v1/orders":{"post":{"security":[{"apiKey":[]}],
           "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Order"}}}}}},
         "/api/v1/orders/{orderId}":{"get":{"parameters":[
           {"name":"X-Api-Key","in":"header","schema":{"type":"string"}},
           {"name":"orderId","in":"path","required":true,"schema":{"type":"string"}},
           {"name":"limit","in":"query","schema":{"type":"integer"}}]}},
         "/api/v1/batch":{"post":{"security":[{"apiKey":[]}],"requestBody":{"content":{"application/json":{"schema":
           {"type":"object","properties":{"orders":{"type":"array","items":{"oneOf":[{"$ref":"#/components/schemas/Order"}]}}}}}}}}},
         "/agent/tasks/{taskId}/claim":{"post":{"parameters":[
           {"name":"taskId","in":"path","required":true,"schema":{"type":"integer","format":"int64"}}]}}}}
      """;

  private final CaseGenerator generator =
      new CaseGenerator(new CaseGenerator.Fixtures("fuzz-own", "fuzz-own-ops"), Instant.parse("2026-12-07T00:00:00Z"));

  private final List<ApiOperation> operations = ApiOperation.parse("sample", JSON.readTree(DOCUMENT));

  @Test
  void readsEveryOperationWithItsCredential() {
    assertThat(operations).extracting(ApiOperation::name).containsExactlyInAnyOrder("POST /api/v1/orders (sample)",
        "GET /api/v1/orders/{orderId} (sample)", "POST /api/v1/batch (sample)", "POST /agent/tasks/{taskId}/claim (sample)");
    assertThat(operations).extracting(ApiOperation::auth).containsExactlyInAnyOrder(
        ApiOperation.Auth.API_KEY, ApiOperation.Auth.API_KEY, ApiOperation.Auth.API_KEY, ApiOperation.Auth.AGENT);
    assertThat(operation("GET").parameters()).extracting(ApiOperation.Param::name)
        .as("the API key header is a credential, not a parameter").containsExactly("orderId", "limit");
  }

  @Test
  void everyOperationGetsEveryMutationThatAppliesToItAndEveryCredential() {
    List<FuzzCase> cases = generator.cases(operations, 1, 600);

    Map<ApiOperation, Set<Mutation>> mutations = cases.stream().collect(
        Collectors.groupingBy(FuzzCase::operation, Collectors.mapping(FuzzCase::mutation, Collectors.toSet())));
    assertThat(mutations.get(operation("POST /api/v1/orders"))).containsAll(EnumSet.of(Mutation.BASELINE,
        Mutation.WRONG_TYPE, Mutation.NULL, Mutation.MISSING, Mutation.UNKNOWN_FIELD, Mutation.HUGE_STRING,
        Mutation.HUGE_BODY, Mutation.CONTROL_CHARS, Mutation.UNPAIRED_SURROGATE, Mutation.DEEP_NESTING,
        Mutation.EXTREME_NUMBER, Mutation.EXTREME_INSTANT, Mutation.INVALID_UTF8, Mutation.MALFORMED_JSON,
        Mutation.WRONG_ROOT, Mutation.EMPTY_BODY, Mutation.WRONG_CONTENT_TYPE, Mutation.MISSING_CONTENT_TYPE,
        Mutation.UNKNOWN_QUERY, Mutation.BAD_METHOD));
    assertThat(mutations.get(operation("GET"))).containsAll(EnumSet.of(
        Mutation.BASELINE, Mutation.BAD_PATH, Mutation.BAD_QUERY, Mutation.UNKNOWN_QUERY, Mutation.BAD_METHOD));
    assertThat(mutations.get(operation("POST /agent"))).containsAll(EnumSet.of(
        Mutation.BASELINE, Mutation.BAD_PATH, Mutation.UNEXPECTED_BODY, Mutation.BAD_METHOD));
    for (ApiOperation op : operations) {
      assertThat(cases.stream().filter(c -> c.operation() == op).map(FuzzCase::credential).collect(Collectors.toSet()))
          .as("credentials of %s", op.name()).containsExactlyInAnyOrder(Credential.values());
    }
  }

  @Test
  void theBudgetIsSpentExactlyAndAnOperationWithABodyGetsMore() {
    List<FuzzCase> cases = generator.cases(operations, 1, 1000);

    assertThat(cases).hasSize(1000);
    Map<ApiOperation, Long> perOperation = cases.stream().collect(Collectors.groupingBy(FuzzCase::operation, Collectors.counting()));
    assertThat(perOperation.get(operation("POST /api/v1/orders"))).isGreaterThan(perOperation.get(operation("GET")));
    assertThat(generator.cases(operations, 1, 2)).as("a tiny budget still reaches every operation").hasSize(12);
  }

  @Test
  void theSameSeedSendsTheSameRequestsAndAnotherSeedOthers() {
    List<String> first = requests(generator.cases(operations, 42, 200));
    List<String> again = requests(generator.cases(operations, 42, 200));
    List<String> other = requests(generator.cases(operations, 43, 200));

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void theBaselineIsBuiltFromTheSchemaWithFreshIdsAndTimesAroundNow() {
    FuzzCase baseline = new FuzzCase(operation("POST /api/v1/orders"), Mutation.BASELINE, "", Credential.VALID, 5);
    CaseGenerator.Request request = generator.materialise(baseline);
    JsonNode body = JSON.readTree(new String(request.body(), StandardCharsets.UTF_8));

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.target()).isEqualTo("/api/v1/orders");
    assertThat(request.headers()).containsEntry("Content-Type", "application/json");
    assertThat(body.path("orderId").asString()).startsWith("fuzz-");
    assertThat(body.path("occurredAt").asString()).isEqualTo("2026-12-06T23:59:00Z");
    assertThat(body.path("buyerPhone").asString()).isEqualTo("+8613800138000");
    assertThat(body.path("amount").path("minor").asLong()).isEqualTo(1);
    assertThat(body.path("amount").path("currency").asString()).isEqualTo("CNY");
  }

  @Test
  void aMemberOfAUnionCarriesItsTypeName() {
    FuzzCase baseline = new FuzzCase(operation("POST /api/v1/batch"), Mutation.BASELINE, "", Credential.VALID, 5);
    JsonNode body = JSON.readTree(new String(generator.materialise(baseline).body(), StandardCharsets.UTF_8));

    assertThat(body.at("/orders/0/type").asString()).isEqualTo("Order");
    assertThat(body.at("/orders/0/orderId").asString()).startsWith("fuzz-");
  }

  @Test
  void mutationsChangeWhatTheySay() {
    ApiOperation post = operation("POST /api/v1/orders");
    assertThat(body(post, Mutation.NULL, "/amount/minor")).contains("\"minor\":null");
    assertThat(body(post, Mutation.MISSING, "/amount")).doesNotContain("amount");
    assertThat(body(post, Mutation.HUGE_STRING, "/orderId").getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(1_000_000);
    assertThat(body(post, Mutation.DEEP_NESTING, "")).hasSizeGreaterThanOrEqualTo(10_000);
    assertThat(body(post, Mutation.UNPAIRED_SURROGATE, "/orderId")).containsPattern("\\\\ud[89a-f]");
    assertThat(generator.materialise(new FuzzCase(post, Mutation.MISSING_CONTENT_TYPE, "", Credential.VALID, 1)).headers())
        .doesNotContainKey("Content-Type");
    byte[] invalid = generator.materialise(new FuzzCase(post, Mutation.INVALID_UTF8, "", Credential.VALID, 1)).body();
    assertThat(new String(invalid, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)).as("not valid UTF-8").isNotEqualTo(invalid);

    ApiOperation get = operation("GET");
    assertThat(generator.materialise(new FuzzCase(get, Mutation.BASELINE, "", Credential.VALID, 1)).target())
        .matches("/api/v1/orders/fuzz-[0-9a-f]{12}\\?limit=10");
    for (long seed = 0; seed < 20; seed++) {
      assertThat(generator.materialise(new FuzzCase(get, Mutation.BAD_PATH, "orderId", Credential.VALID, seed)).target())
          .doesNotMatch("/api/v1/orders/fuzz-[0-9a-f]{12}\\?limit=10");
    }
  }

  private String body(ApiOperation op, Mutation mutation, String target) {
    return new String(generator.materialise(new FuzzCase(op, mutation, target, Credential.VALID, 3)).body(), StandardCharsets.UTF_8);
  }

  private List<String> requests(List<FuzzCase> cases) {
    return cases.stream().map(c -> {
      CaseGenerator.Request r = generator.materialise(c);
      return c.operation().name() + " " + c.describe() + " " + r.method() + " " + r.target() + " " + r.headers() + " "
          + (r.body() == null ? "-" : java.util.Arrays.hashCode(r.body()));
    }).toList();
  }

  private ApiOperation operation(String prefix) {
    return operations.stream().filter(op -> op.name().startsWith(prefix)).findFirst().orElseThrow();
  }
}
