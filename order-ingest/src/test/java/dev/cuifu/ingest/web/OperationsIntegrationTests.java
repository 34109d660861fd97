package dev.cuifu.ingest.web;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.ingest.IngestIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** What an operator sees: the API description, the health probes and the metrics. */
class OperationsIntegrationTests extends IngestIntegrationTest {

  @Test
  void theOpenApiDocumentDescribesTheApiKeyScheme() throws Exception {
    mvc.perform(get("/v3/api-docs"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.components.securitySchemes.apiKey.type").value("apiKey"))
        .andExpect(jsonPath("$.components.securitySchemes.apiKey.in").value("header"))
        .andExpect(jsonPath("$.components.securitySchemes.apiKey.name").value("X-Api-Key"))
        .andExpect(jsonPath("$.paths['/api/v1/events'].post.security[0].apiKey").exists())
        .andExpect(jsonPath("$.paths['/api/v1/events/batch'].post").exists())
        .andExpect(jsonPath("$.paths['/admin/v1/shops'].post").exists())
        .andExpect(jsonPath("$.components.schemas.OrderCreated").exists());
    mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
  }

  @Test
  void readinessIncludesTheDatabaseAndKafka() throws Exception {
    mvc.perform(get("/actuator/health/readiness"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"))
        .andExpect(jsonPath("$.components.db.status").value("UP"))
        .andExpect(jsonPath("$.components.kafka.status").value("UP"));
    mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
  }

  @Test
  void prometheusShowsTheIngestCounters() throws Exception {
    String apiKey = createShop(newShopId());
    postEvent(apiKey, "{oops").andExpect(status().isBadRequest());
    postEvent(apiKey, orderCreated("m-1", "o-1")).andExpect(status().isAccepted());
    postEvent(apiKey, orderCreated("m-1", "o-1")).andExpect(status().isAccepted());
    postEvent("cf_wrong", orderCreated("m-2", "o-2")).andExpect(status().isUnauthorized());
    mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + MANAGEMENT_TOKEN))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("cuifu_events_accepted_events_total{type=\"OrderCreated\"")))
        .andExpect(content().string(containsString("cuifu_events_duplicates_events_total")))
        .andExpect(content().string(containsString("cuifu_events_rejected_requests_total{reason=\"invalid\"")))
        .andExpect(content().string(containsString("cuifu_events_rejected_requests_total{reason=\"unauthorized\"")));
  }

  @Test
  void metricsNeedTheManagementTokenWhileHealthStaysOpen() throws Exception {
    for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator", "/actuator/info"}) {
      mvc.perform(get(path))
          .andExpect(status().isUnauthorized())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
      mvc.perform(get(path).header("Authorization", "Bearer " + OPERATOR_TOKEN)).andExpect(status().isUnauthorized());
    }
    mvc.perform(get("/actuator/health")).andExpect(status().isOk());
    mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
  }

  @Test
  void aBodyAboveTheLimitIsRefusedBeforeTheApiKeyOrTheJson() throws Exception {
    byte[] fiveMegabytes = new byte[5 * 1024 * 1024];
    mvc.perform(
            org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/events/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .content(fiveMegabytes))
        .andExpect(status().is(413))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(413));
  }

  @Test
  void unknownPathsAnswerProblemJsonWithoutInternals() throws Exception {
    mvc.perform(get("/api/v1/nothing-here"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }
}
