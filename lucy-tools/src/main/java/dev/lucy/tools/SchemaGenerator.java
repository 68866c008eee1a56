package dev.lucy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import java.lang.reflect.Type;
import java.util.Optional;

/** Generates argument schemas from Java types with victools' generator, inlined so each tool schema stands alone. */
final class SchemaGenerator {
    private final com.github.victools.jsonschema.generator.SchemaGenerator generator;

    SchemaGenerator(ObjectMapper json) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                        json, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(Option.INLINE_ALL_SCHEMAS, Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forFields()
                .withDescriptionResolver(field -> Optional.ofNullable(field.getAnnotation(Param.class))
                        .map(Param::value)
                        .filter(text -> !text.isBlank())
                        .orElse(null))
                .withPropertyNameOverrideResolver(field -> Optional.ofNullable(field.getAnnotation(Param.class))
                        .map(Param::name)
                        .filter(text -> !text.isBlank())
                        .orElse(null))
                .withRequiredCheck(field -> {
                    Param param = field.getAnnotation(Param.class);
                    boolean optionalType = field.getType().getErasedType() == Optional.class;
                    return param != null ? param.required() && !optionalType : !optionalType;
                });
        this.generator = new com.github.victools.jsonschema.generator.SchemaGenerator(config.build());
    }

    /** The schema of one value of {@code type}. */
    ObjectNode schemaOf(Type type) {
        JsonNode node = generator.generateSchema(type);
        ObjectNode schema = (ObjectNode) node;
        schema.remove("$schema");
        return schema;
    }
}
