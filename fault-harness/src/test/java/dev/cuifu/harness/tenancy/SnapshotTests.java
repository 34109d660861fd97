package dev.cuifu.harness.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.kafka.EventJson;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SnapshotTests {

  private static Snapshot snapshot(String tasks, String policy) {
    return new Snapshot(Map.of("GET /api/v1/phone-tasks", json(tasks), "GET /api/v1/policy", json(policy)));
  }

  private static JsonNode json(String text) {
    return EventJson.mapper().readTree(text);
  }

  @Test
  void equalSnapshotsHaveNoDifferences() {
    Snapshot a = snapshot("{\"items\":[{\"taskId\":1,\"state\":\"OPEN\"}]}", "{\"sms\":{\"delay\":\"PT3H\"}}");

    assertThat(Snapshot.differences(a, snapshot("{\"items\":[{\"taskId\":1,\"state\":\"OPEN\"}]}", "{\"sms\":{\"delay\":\"PT3H\"}}"), Set.of()))
        .isEmpty();
  }

  @Test
  void aChangedValueIsNamedByItsReadAndPointer() {
    Snapshot before = snapshot("{\"items\":[{\"taskId\":1,\"state\":\"OPEN\"}]}", "{\"sms\":{\"delay\":\"PT3H\"}}");
    Snapshot after = snapshot("{\"items\":[{\"taskId\":1,\"state\":\"CLAIMED\"}]}", "{\"sms\":{\"delay\":\"PT3H\"}}");

    assertThat(Snapshot.differences(before, after, Set.of()))
        .containsExactly("GET /api/v1/phone-tasks /items/0/state: \"OPEN\" → \"CLAIMED\"");
  }

  @Test
  void aRemovedItemOrFieldIsADifference() {
    Snapshot before = snapshot("{\"items\":[{\"taskId\":1},{\"taskId\":2}]}", "{\"sms\":{\"delay\":\"PT3H\"}}");
    Snapshot after = snapshot("{\"items\":[{\"taskId\":1}]}", "{\"sms\":{}}");

    assertThat(Snapshot.differences(before, after, Set.of()))
        .containsExactlyInAnyOrder(
            "GET /api/v1/phone-tasks /items: [{\"taskId\":1},{\"taskId\":2}] → [{\"taskId\":1}]",
            "GET /api/v1/policy /sms/delay: \"PT3H\" → (absent)");
  }

  @Test
  void placesThatChangeByThemselvesAreFoundAndThenIgnored() {
    Snapshot first = snapshot("{\"items\":[],\"now\":1}", "{}");
    Snapshot second = snapshot("{\"items\":[],\"now\":2}", "{}");
    Set<String> volatilePlaces = Snapshot.differingPlaces(first, second);

    assertThat(volatilePlaces).containsExactly("GET /api/v1/phone-tasks /now");
    assertThat(Snapshot.differences(second, snapshot("{\"items\":[],\"now\":3}", "{}"), volatilePlaces)).isEmpty();
    assertThat(Snapshot.differences(second, snapshot("{\"items\":[1],\"now\":3}", "{}"), volatilePlaces)).hasSize(1);
  }
}
