package dev.cuifu.reminder.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * No text read from a request body may hold a NUL character (U+0000): PostgreSQL cannot store one
 * in text (22021), so it used to come back as a 500. Nor any other control character but tab and
 * line breaks (a BEL or an escape sequence in a script would reach buyers' phones), nor an
 * unpaired surrogate (stored as '?'). Every JSON string bound to a request record is checked as it
 * is read; the problem handler names the field in the 400.
 */
@Configuration(proxyBeanMethods = false)
public class NulCharacters {

  /** The reason a field is refused, also how the problem handler recognises the failure. */
  public static final String MESSAGE =
      "must not contain NUL (U+0000) or other control characters but tab and line breaks, nor unpaired surrogates";

  @Bean
  JsonMapperBuilderCustomizer nulRejectingStrings() {
    SimpleModule module = new SimpleModule("cuifu-no-nul-characters");
    module.addDeserializer(String.class, new NulRejectingStringDeserializer());
    return builder -> builder.addModule(module);
  }

  static final class NulRejectingStringDeserializer extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
      String value = super.deserialize(p, ctxt);
      if (value != null && !storable(value)) {
        throw ctxt.weirdStringException("(not quoted)", String.class, MESSAGE);
      }
      return value;
    }

    private static boolean storable(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
          return false;
        }
        if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return false;
        }
      }
      return true;
    }
  }
}
