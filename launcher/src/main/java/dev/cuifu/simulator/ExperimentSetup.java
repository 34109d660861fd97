package dev.cuifu.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts an SMS experiment on a shop through its API — one script per wording, then the experiment —
 * and returns the buyers' view of its arms. Scripts are found by name and an experiment of the
 * same name still running is kept, so a restarted demo goes on with what it had. Two arms may send
 * the same script (an A/A test); the buyers then credit the first of them, paying as either would.
 */
public final class ExperimentSetup {

  private ExperimentSetup() {}

  /**
   * One arm to be: a script (created unless the shop has an active SMS script of that name), its
   * marker, an optional own delay, and the true payment probability of its buyers.
   */
  public record Wording(String armId, String scriptName, String text, String marker, Duration delay, double probability) {

    public Wording {
      if (!text.contains(marker)) {
        throw new IllegalArgumentException("arm " + armId + ": the marker must be part of the text");
      }
    }

    /** Both arms send one script (an A/A test): created once, found by its name for both. */
    boolean sameScriptAs(Wording other) {
      return scriptName.equals(other.scriptName) && text.equals(other.text);
    }
  }

  /** The experiment's design apart from its arms. */
  public record Design(String name, double holdoutShare, int minSamplePerArm, long seed) {}

  /** The running experiment and its arms as buyers see them. */
  public record Started(long experimentId, boolean resumed, List<Variant> variants) {}

  public static Started start(ShopClient shop, Design design, List<Wording> wordings) {
    for (Wording wording : wordings) {
      for (Wording other : wordings) {
        if (other != wording && wording.sameScriptAs(other)) {
          // A/A: one script on two arms; their buyers cannot tell which arm wrote, so they must not differ
          if (wording.probability() != other.probability() || !java.util.Objects.equals(wording.delay(), other.delay())) {
            throw new IllegalArgumentException("arms " + wording.armId() + " and " + other.armId() + " share a script: they need the same probability and delay");
          }
        } else if (other != wording && other.text().contains(wording.marker())) {
          throw new IllegalArgumentException("arm " + wording.armId() + "'s marker is in arm " + other.armId() + "'s text too");
        }
      }
    }
    Duration policyDelay = Duration.parse(shop.get("/api/v1/policy").get("policy").get("sms").get("delay").asString());
    List<Variant> variants = new ArrayList<>();
    for (Wording w : wordings) {
      variants.add(new Variant(w.armId(), w.marker(), w.delay() == null ? policyDelay : w.delay(), w.probability()));
    }
    JsonNode running = runningSmsExperiment(shop);
    if (running != null && running.get("name").asString().equals(design.name())) {
      return new Started(running.get("id").asLong(), true, variants);
    }
    if (running != null) {
      shop.post("/api/v1/experiments/" + running.get("id").asLong() + "/stop", null);
    }
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("name", design.name());
    request.put("tier", 1);
    request.put("holdoutShare", design.holdoutShare());
    request.put("minSamplePerArm", design.minSamplePerArm());
    request.put("seed", design.seed());
    ArrayNode arms = request.putArray("arms");
    for (Wording w : wordings) {
      ObjectNode arm = arms.addObject();
      arm.put("id", w.armId());
      arm.put("scriptId", scriptId(shop, w));
      if (w.delay() != null) {
        arm.put("delay", w.delay().toString());
      }
    }
    JsonNode created = shop.post("/api/v1/experiments", request.toString());
    return new Started(created.get("id").asLong(), false, variants);
  }

  private static JsonNode runningSmsExperiment(ShopClient shop) {
    for (JsonNode experiment : shop.get("/api/v1/experiments")) {
      if (experiment.get("tier").asInt() == 1 && "RUNNING".equals(experiment.get("status").asString())) {
        return experiment;
      }
    }
    return null;
  }

  private static long scriptId(ShopClient shop, Wording wording) {
    for (JsonNode script : shop.get("/api/v1/scripts")) {
      if ("sms".equals(script.get("channel").asString())
          && wording.scriptName().equals(script.get("name").asString())
          && script.get("text").asString().contains(wording.marker())) {
        return script.get("id").asLong();
      }
    }
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("name", wording.scriptName());
    request.put("channel", "sms");
    request.put("locale", "zh-CN");
    request.put("text", wording.text());
    return shop.post("/api/v1/scripts", request.toString()).get("id").asLong();
  }
}
