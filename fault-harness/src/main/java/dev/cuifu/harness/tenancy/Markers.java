package dev.cuifu.harness.tenancy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strings only one shop's data holds (order ids, phone numbers in each form, script text, agent
 * names, secrets): one of them in another shop's answer is a cross-shop read. A marker the request
 * itself carried (an id in the path, a phone in the body) is an echo, not a leak.
 */
public final class Markers {

  /** Shorter strings occur by chance in unrelated answers. */
  static final int MIN_LENGTH = 6;

  private final Map<String, String> whatByValue = new LinkedHashMap<>();

  /** Remembers {@code value} (when long enough to be unique) as {@code what}, e.g. "order id". */
  public Markers add(String what, String value) {
    if (value != null && value.length() >= MIN_LENGTH) {
      whatByValue.putIfAbsent(value, what);
    }
    return this;
  }

  public int size() {
    return whatByValue.size();
  }

  /** The markers in {@code answer} that {@code request} did not carry, as "what 'value'". */
  public List<String> leakedInto(String answer, String request) {
    List<String> leaked = new ArrayList<>();
    if (answer == null || answer.isEmpty()) {
      return leaked;
    }
    String sent = request == null ? "" : request;
    List<String> values = new ArrayList<>();
    whatByValue.forEach(
        (value, what) -> {
          if (answer.contains(value) && !sent.contains(value)) {
            values.add(value);
          }
        });
    for (String value : values) {
      // one leak, one line: the national digits inside a leaked E.164 number are the same leak
      if (values.stream().noneMatch(other -> other.length() > value.length() && other.contains(value))) {
        leaked.add(whatByValue.get(value) + " '" + value + "'");
      }
    }
    return leaked;
  }
}
