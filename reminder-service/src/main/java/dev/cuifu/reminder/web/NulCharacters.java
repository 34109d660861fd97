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
 * in text (22021), so it used to come back as a 500. Every JSON string bound to a request record is
 * checked as it is read; {@link ProblemHandler} names the field in the 400.
 */
@Configuration(proxyBeanMethods = false)
class NulCharacters {

  /** The reason a field is refused, also how the problem handler recognises the failure. */
  static final String MESSAGE = "must not contain NUL characters (U+0000)";

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
      if (value != null && value.indexOf('\0') >= 0) {
        throw ctxt.weirdStringException(value.replace('\0', ' '), String.class, MESSAGE);
      }
      return value;
    }
  }
}
