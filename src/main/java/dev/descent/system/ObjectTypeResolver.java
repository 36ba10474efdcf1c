package dev.descent.system;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Collection;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.impl.StdTypeResolverBuilder;

/**
 * Jackson's type handling for a polymorphic type written as an object with a {@code type} property
 * ({@code @JsonTypeResolver(ObjectTypeResolver.class)} beside {@code @JsonTypeInfo}), that reads nothing but an
 * object: a string, a number or an array is a value of the wrong type ("must be an object"). Jackson's own would
 * read {@code ["adam"]} as the type id and no value (an absent optimizer), and call {@code "adam"} a missing type.
 */
public class ObjectTypeResolver extends StdTypeResolverBuilder {

    @Override
    public TypeDeserializer buildTypeDeserializer(DeserializationContext ctxt, JavaType baseType,
                                                  Collection<NamedType> subtypes) {
        TypeDeserializer standard = super.buildTypeDeserializer(ctxt, baseType, subtypes);
        return standard == null ? null : new ObjectsOnly(standard, baseType);
    }

    /** The standard type deserializer behind a check that the value is an object. */
    private static final class ObjectsOnly extends TypeDeserializer {

        private final TypeDeserializer standard;
        private final JavaType baseType;

        ObjectsOnly(TypeDeserializer standard, JavaType baseType) {
            this.standard = standard;
            this.baseType = baseType;
        }

        private Object object(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            if (!p.hasToken(JsonToken.START_OBJECT) && !p.hasToken(JsonToken.PROPERTY_NAME)
                    && !p.hasToken(JsonToken.END_OBJECT)) {
                throw MismatchedInputException.from(p, baseType, "must be an object");
            }
            return standard.deserializeTypedFromObject(p, ctxt);
        }

        @Override
        public TypeDeserializer forProperty(BeanProperty prop) {
            return new ObjectsOnly(standard.forProperty(prop), baseType);
        }

        @Override
        public JsonTypeInfo.As getTypeInclusion() {
            return standard.getTypeInclusion();
        }

        @Override
        public String getPropertyName() {
            return standard.getPropertyName();
        }

        @Override
        public TypeIdResolver getTypeIdResolver() {
            return standard.getTypeIdResolver();
        }

        @Override
        public Class<?> getDefaultImpl() {
            return standard.getDefaultImpl();
        }

        @Override
        public Object deserializeTypedFromObject(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            return object(p, ctxt);
        }

        @Override
        public Object deserializeTypedFromArray(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            return object(p, ctxt);
        }

        @Override
        public Object deserializeTypedFromScalar(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            return object(p, ctxt);
        }

        @Override
        public Object deserializeTypedFromAny(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            return object(p, ctxt);
        }
    }
}
