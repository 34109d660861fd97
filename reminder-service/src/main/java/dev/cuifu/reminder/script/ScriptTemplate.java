package dev.cuifu.reminder.script;

import dev.cuifu.reminder.web.FieldProblem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A script's text, parsed. Syntax: {@code {name}} is a placeholder ({@link Placeholder}); a
 * literal brace is written twice, {@code {{} and {@code }}}. Anything else with a brace is
 * rejected, so a typo such as {@code {amout}} or {@code {amount} 元}} never reaches a buyer.
 */
final class ScriptTemplate {

  private sealed interface Part permits Literal, Slot {}

  private record Literal(String text) implements Part {}

  private record Slot(Placeholder placeholder) implements Part {}

  private final List<Part> parts;

  private ScriptTemplate(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /** Parses {@code text}; every problem found is added to {@code problems} under {@code field}. */
  static ScriptTemplate parse(String text, String field, List<FieldProblem> problems) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int before = problems.size();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if ((c == '{' || c == '}') && i + 1 < text.length() && text.charAt(i + 1) == c) {
        literal.append(c);
        i += 2;
      } else if (c == '}') {
        problems.add(new FieldProblem(field, "unbalanced braces: '}' at character " + (i + 1) + " closes nothing (write }} for a literal brace)"));
        i++;
      } else if (c == '{') {
        int close = text.indexOf('}', i + 1);
        int nextOpen = text.indexOf('{', i + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
          problems.add(new FieldProblem(field, "unbalanced braces: '{' at character " + (i + 1) + " is never closed (write {{ for a literal brace)"));
          i++;
          continue;
        }
        String key = text.substring(i + 1, close);
        var placeholder = Placeholder.byKey(key);
        if (placeholder.isEmpty()) {
          problems.add(new FieldProblem(field, "unknown placeholder {" + key + "}; known: " + Placeholder.allWritten()));
        } else {
          if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
            literal.setLength(0);
          }
          parts.add(new Slot(placeholder.get()));
        }
        i = close + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (!literal.isEmpty()) {
      parts.add(new Literal(literal.toString()));
    }
    return problems.size() == before ? new ScriptTemplate(parts) : null;
  }

  /** The placeholders the text names. */
  Set<Placeholder> placeholders() {
    Set<Placeholder> used = EnumSet.noneOf(Placeholder.class);
    parts.forEach(p -> {
      if (p instanceof Slot slot) {
        used.add(slot.placeholder());
      }
    });
    return used;
  }

  /** The text with each placeholder replaced; a placeholder without a value renders empty. */
  String render(Map<Placeholder, String> values) {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        out.append(literal.text());
      } else if (part instanceof Slot slot) {
        out.append(values.getOrDefault(slot.placeholder(), ""));
      }
    }
    return out.toString();
  }
}
