package dev.cuifu.harness.tenancy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A shop's data as its own credentials read it: each read (e.g. {@code GET /api/v1/phone-tasks})
 * with its answer's status and JSON body. Two snapshots differ where another caller wrote.
 */
public record Snapshot(Map<String, JsonNode> reads) {

  public Snapshot {
    reads = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reads));
  }

  /**
   * Where {@code after} differs from {@code before}, as "read pointer: old → new", leaving out the
   * places in {@code ignored} (values that change by themselves, found by comparing two snapshots
   * taken with nothing in between).
   */
  public static List<String> differences(Snapshot before, Snapshot after, Set<String> ignored) {
    List<String> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(before.reads.keySet());
    names.addAll(after.reads.keySet());
    for (String name : names) {
      JsonNode a = before.reads.get(name);
      JsonNode b = after.reads.get(name);
      if (a == null || b == null) {
        out.add(name + ": " + (a == null ? "new read" : "read missing afterwards"));
        continue;
      }
      diff(name, "", a, b, ignored, out);
    }
    return out;
  }

  /** The places where two snapshots differ, in the form {@link #differences} ignores. */
  public static Set<String> differingPlaces(Snapshot first, Snapshot second) {
    Set<String> places = new LinkedHashSet<>();
    for (String line : differences(first, second, Set.of())) {
      places.add(line.substring(0, line.indexOf(": ")));
    }
    return places;
  }

  private static void diff(String name, String pointer, JsonNode a, JsonNode b, Set<String> ignored, List<String> out) {
    String place = name + " " + (pointer.isEmpty() ? "/" : pointer);
    if (ignored.contains(place) || a.equals(b)) {
      return;
    }
    if (a.isObject() && b.isObject()) {
      Set<String> fields = new LinkedHashSet<>();
      a.properties().forEach(e -> fields.add(e.getKey()));
      b.properties().forEach(e -> fields.add(e.getKey()));
      for (String field : fields) {
        diff(name, pointer + "/" + field, a.path(field), b.path(field), ignored, out);
      }
    } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
      Iterator<JsonNode> left = a.iterator();
      Iterator<JsonNode> right = b.iterator();
      for (int i = 0; left.hasNext(); i++) {
        diff(name, pointer + "/" + i, left.next(), right.next(), ignored, out);
      }
    } else {
      out.add(place + ": " + brief(a) + " → " + brief(b));
    }
  }

  private static String brief(JsonNode node) {
    String text = node.isMissingNode() ? "(absent)" : node.toString();
    return text.length() > 160 ? text.substring(0, 160) + "…" : text;
  }
}
